import { describe, expect, it, vi } from 'vitest';
import { ProcmanError } from '../../../src/errors.js';
import { childEnv, lintEnv, loadEnv, parseEnv, type ReadText, readEnvFiles } from '../../../src/project/env.js';

/** A readText over an in-memory map of files; records every path asked for. */
function fakeFiles(files: Record<string, string>): ReadText & { asked: string[] } {
  const asked: string[] = [];
  const read = ((path: string) => {
    asked.push(path);
    return Object.hasOwn(files, path) ? files[path] : undefined;
  }) as ReadText & { asked: string[] };
  read.asked = asked;
  return read;
}

const NAME_HINT = 'a name is letters, digits, _, . and -; write NAME=value, quoting values with spaces';

describe('parseEnv', () => {
  it('reads KEY=value lines', () => {
    expect(parseEnv('A=1\nB=two\n', '.env')).toEqual({ env: { A: '1', B: 'two' }, problems: [] });
  });

  it('reads double, single and backtick quotes', () => {
    const text = 'A="two words"\nB=\'single # not a comment\'\nC=`back tick`\nD="esc\\nnewline"\n';
    expect(parseEnv(text, '.env')).toEqual({
      env: { A: 'two words', B: 'single # not a comment', C: 'back tick', D: 'esc\nnewline' },
      problems: [],
    });
  });

  it('skips # comments and cuts trailing comments of unquoted values', () => {
    expect(parseEnv('# comment\n  # indented\nA=x # trailing\n#B=1\n', '.env')).toEqual({
      env: { A: 'x' },
      problems: [],
    });
  });

  it('reads a multi-line double-quoted value', () => {
    expect(parseEnv('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n', '.env')).toEqual({
      env: { KEY: '-----BEGIN-----\nabc\n-----END-----', NEXT: '1' },
      problems: [],
    });
  });

  it('accepts the export prefix', () => {
    expect(parseEnv('export A=1\nexport  B="x y"\n', '.env')).toEqual({ env: { A: '1', B: 'x y' }, problems: [] });
  });

  it('reads CRLF files and empty values', () => {
    expect(parseEnv('A=1\r\nB=\r\nC=3\r\n', '.env')).toEqual({ env: { A: '1', B: '', C: '3' }, problems: [] });
  });

  it('within one file a repeated key keeps its last value', () => {
    expect(parseEnv('A=1\nA=2\n', '.env').env).toEqual({ A: '2' });
  });

  it('keeps a 1 MiB value whole', () => {
    const big = 'x'.repeat(1024 * 1024);
    const { env, problems } = parseEnv(`BIG=${big}\nSMALL=1\n`, '.env');
    expect(env.BIG?.length).toBe(1024 * 1024);
    expect(env.BIG).toBe(big);
    expect(env.SMALL).toBe('1');
    expect(problems).toEqual([]);
  });

  it('keeps a 1 MiB quoted multi-line value whole', () => {
    const big = `${'y'.repeat(512 * 1024)}\n${'z'.repeat(512 * 1024)}`;
    const { env, problems } = parseEnv(`BIG="${big}"\nSMALL=1\n`, '.env');
    expect(env.BIG).toBe(big);
    expect(env.SMALL).toBe('1');
    expect(problems).toEqual([]);
  });
});

describe('lintEnv', () => {
  it('finds nothing wrong with a good file', () => {
    expect(lintEnv('# c\n\nA=1\nexport B="x"\nC: yaml-ish\nD.E-F=1\n', '.env')).toEqual([]);
  });

  it('an unterminated double quote, and stops there', () => {
    expect(lintEnv('A=1\nB="abc\nC=3\nnot valid\n', '.env')).toEqual([
      {
        file: '.env',
        line: 2,
        message: 'unterminated " quote',
        hint: 'close the value with ", or escape the quote as \\"',
      },
    ]);
  });

  it("an unterminated ' quote", () => {
    expect(lintEnv("A='abc", 'prod.env')).toEqual([
      { file: 'prod.env', line: 1, message: "unterminated ' quote", hint: "close the value with ', or escape the quote as \\'" },
    ]);
  });

  it('an escaped quote does not close the value', () => {
    expect(lintEnv('A="say \\"hi\\"\n', '.env').map((p) => p.message)).toEqual(['unterminated " quote']);
    expect(lintEnv('A="say \\"hi\\""\n', '.env')).toEqual([]);
  });

  it('a quote that closes on a later line is fine, and lines inside it are not linted', () => {
    expect(lintEnv('A="line one\nnot an assignment\n"\nB=2\n', '.env')).toEqual([]);
  });

  it('a quote inside an unquoted value is fine', () => {
    expect(lintEnv('A=it\'s\nB=say "x\n', '.env')).toEqual([]);
  });

  it.each([
    ['MY VAR=1', 'MY VAR'],
    ['A$B=1', 'A$B'],
    ['export 2 words=1', '2 words'],
    ['ÄÖ=1', 'ÄÖ'],
  ])('an invalid variable name: %j', (line, name) => {
    const problems = lintEnv(`OK=1\n${line}\n`, '.env');
    expect(problems).toEqual([{ file: '.env', line: 2, message: 'invalid variable name before "="', hint: NAME_HINT }]);
    // the text before "=" may be part of a secret: never echoed
    expect(JSON.stringify(problems)).not.toContain(name);
  });

  it.each([['JUSTAWORD'], ['=value'], ['export']])('not an assignment: %j', (line) => {
    expect(lintEnv(line, '.env')).toEqual([{ file: '.env', line: 1, message: 'expected KEY=value', hint: NAME_HINT }]);
  });

  it('NUL bytes', () => {
    expect(lintEnv('A=1\nB=\0\0\n', 'bin.env')).toEqual([
      { file: 'bin.env', line: 2, message: 'binary data (NUL byte); an env file is text', hint: 'check that -e names an env file' },
    ]);
  });

  it('counts lines of CRLF files', () => {
    expect(lintEnv('A=1\r\nbad line\r\n', '.env').map((p) => p.line)).toEqual([2]);
  });

  it('reports what parseEnv silently drops', () => {
    const { env, problems } = parseEnv('A=1\nB C=2\nD=4\n', '.env');
    expect(env).toEqual({ A: '1', D: '4' });
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual(['.env:2: invalid variable name before "="']);
  });

  it('lints a 1 MiB unterminated value quickly and once', () => {
    const { problems } = parseEnv(`BIG="${'x'.repeat(1024 * 1024)}\nA=1\n`, '.env');
    expect(problems.map((p) => [p.line, p.message])).toEqual([[1, 'unterminated " quote']]);
  });
});

describe('readEnvFiles', () => {
  it('later -e files win', () => {
    const readText = fakeFiles({ 'a.env': 'A=a\nB=a\n', 'b.env': 'B=b\nC=b\n' });
    expect(readEnvFiles({ files: ['a.env', 'b.env'], readText })).toEqual({
      env: { A: 'a', B: 'b', C: 'b' },
      problems: [],
      warnings: [],
    });
    expect(readText.asked).toEqual(['a.env', 'b.env']);
  });

  it('a missing -e file is a problem naming the file; the others still load', () => {
    const readText = fakeFiles({ 'a.env': 'A=a\n' });
    expect(readEnvFiles({ files: ['a.env', 'missing.env'], readText })).toEqual({
      env: { A: 'a' },
      problems: [{ file: 'missing.env', message: 'env file not found', hint: 'check the path given to -e/--env' }],
      warnings: [],
    });
  });

  it('a missing optional default file is fine', () => {
    const readText = fakeFiles({});
    expect(readEnvFiles({ optionalFile: '/app/.env', readText })).toEqual({ env: {}, problems: [], warnings: [] });
    expect(readText.asked).toEqual(['/app/.env']);
  });

  it('reads the optional default file when present', () => {
    const readText = fakeFiles({ '/app/.env': 'A=1\n' });
    expect(readEnvFiles({ optionalFile: '/app/.env', readText }).env).toEqual({ A: '1' });
  });

  it('-e files replace the default file (Foreman)', () => {
    const readText = fakeFiles({ '/app/.env': 'A=default\n', 'x.env': 'B=x\n' });
    expect(readEnvFiles({ files: ['x.env'], optionalFile: '/app/.env', readText }).env).toEqual({ B: 'x' });
    expect(readText.asked).toEqual(['x.env']);
  });

  it('no files at all', () => {
    const readText = fakeFiles({});
    expect(readEnvFiles({ readText })).toEqual({ env: {}, problems: [], warnings: [] });
    expect(readText.asked).toEqual([]);
  });

  it('collects the problems of every file with its own name', () => {
    const readText = fakeFiles({ 'a.env': 'bad\n', 'b.env': 'OK=1\nB="open\n' });
    expect(readEnvFiles({ files: ['a.env', 'b.env'], readText }).problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ['a.env', 1, 'expected KEY=value'],
      ['b.env', 2, 'unterminated " quote'],
    ]);
  });

  it('an error from readText (say, a directory) propagates', () => {
    const readText: ReadText = () => {
      throw new ProcmanError('conf is a directory, not an env file');
    };
    expect(() => readEnvFiles({ files: ['conf'], readText })).toThrow('conf is a directory, not an env file');
  });
});

describe('readEnvFiles: ${VAR} expansion', () => {
  it('a reference sees the lines above, earlier files, then the environment; files win over the environment', () => {
    const readText = fakeFiles({
      'a.env': 'HOST=db\nPORT=5432\n',
      'b.env': 'URL=postgres://${HOST}:${PORT}/${USER}\nPORT=6543\nAFTER=$PORT\n',
    });
    const { env, warnings } = readEnvFiles({ files: ['a.env', 'b.env'], readText, environment: { USER: 'me', HOST: 'env-host' } });
    expect(env).toEqual({ HOST: 'db', PORT: '6543', URL: 'postgres://db:5432/me', AFTER: '6543' });
    expect(warnings).toEqual([]);
  });

  it('single-quoted values stay as written; double-quoted and unquoted ones expand', () => {
    const readText = fakeFiles({ '.env': `A=x\nS='$A \${A}'\nD="$A \${A}"\nU=$A \${A}\n` });
    expect(readEnvFiles({ files: ['.env'], readText }).env).toEqual({ A: 'x', S: '$A ${A}', D: 'x x', U: 'x x' });
  });

  it('expand: false keeps every value as written, and warns about each one expansion would change', () => {
    const readText = fakeFiles({ '.env': "A=x\nB=${A}\nC=\\$5\nD=$$\nE='${A}'\n" });
    const { env, warnings } = readEnvFiles({ files: ['.env'], readText, expand: false });
    expect(env).toEqual({ A: 'x', B: '${A}', C: '\\$5', D: '$$', E: '${A}' });
    expect(warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      '2: B uses ${A}, kept as written: expansion is off (--no-expand)',
      '3: C holds \\$, kept as written: expansion is off (--no-expand)',
    ]);
  });

  it('warns, by file and line, about a reference to nothing, and never shows a value', () => {
    const readText = fakeFiles({ 'a.env': '# x\nPASSWORD=hunter$2secret$word\nOK=${NOPE:-fine}\nURL=${H}:${P}/x\n' });
    const { env, warnings } = readEnvFiles({ files: ['a.env'], readText });
    expect(env).toEqual({ PASSWORD: 'hunter$2secret', OK: 'fine', URL: ':/x' });
    expect(warnings).toEqual([
      {
        file: 'a.env',
        line: 2,
        message: 'PASSWORD uses $word, which is not set: it becomes empty',
        hint: 'set word in an env file, give a default like ${word:-value}, or write \\$ (or single-quote the value) for a literal $',
      },
      expect.objectContaining({ line: 4, message: 'URL uses ${H} and ${P}, which are not set: they become empty' }),
    ]);
    expect(JSON.stringify(warnings)).not.toContain('hunter');
  });
});

describe('loadEnv', () => {
  it('returns the merged env', () => {
    const readText = fakeFiles({ 'a.env': 'A=a\n', 'b.env': 'A=b\n' });
    expect(loadEnv({ files: ['a.env', 'b.env'], readText })).toEqual({ A: 'b' });
  });

  it('throws the first problem, naming the file', () => {
    const readText = fakeFiles({});
    let error: unknown;
    try {
      loadEnv({ files: ['missing.env'], readText });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProcmanError);
    expect((error as ProcmanError).message).toBe('missing.env: env file not found');
    expect((error as ProcmanError).hint).toBe('check the path given to -e/--env');
  });

  it('counts the further problems', () => {
    const readText = fakeFiles({ 'a.env': 'x\ny\n' });
    expect(() => loadEnv({ files: ['a.env', 'b.env'], readText })).toThrow(
      'a.env:1: expected KEY=value (and 2 more problems: run procman check)',
    );
  });
});

describe('childEnv', () => {
  it('precedence: base < files < own', () => {
    const env = childEnv({ A: 'base', B: 'base', C: 'base' }, { B: 'file', C: 'file' }, { C: 'own' });
    expect(env).toEqual({ A: 'base', B: 'file', C: 'own', PYTHONUNBUFFERED: '1' });
  });

  it('drops undefined values of process.env-like bases', () => {
    expect(childEnv({ A: undefined, B: 'b' }, {})).toEqual({ B: 'b', PYTHONUNBUFFERED: '1' });
  });

  it.each([
    ['base', { PYTHONUNBUFFERED: '0' }, {}, {}],
    ['files', {}, { PYTHONUNBUFFERED: '0' }, {}],
    ['own', {}, {}, { PYTHONUNBUFFERED: '0' }],
  ])('keeps PYTHONUNBUFFERED set by %s', (_layer, base, files, own) => {
    expect(childEnv(base, files, own).PYTHONUNBUFFERED).toBe('0');
  });

  it('keeps an empty PYTHONUNBUFFERED (set, even if empty)', () => {
    expect(childEnv({ PYTHONUNBUFFERED: '' }, {}).PYTHONUNBUFFERED).toBe('');
  });

  it('does not modify its inputs', () => {
    const base = { A: '1' };
    const files = { B: '2' };
    const own = { C: '3' };
    childEnv(base, files, own);
    expect(base).toEqual({ A: '1' });
    expect(files).toEqual({ B: '2' });
    expect(own).toEqual({ C: '3' });
  });

  it('never reads process.env itself', () => {
    vi.stubEnv('PROCMAN_UNIT_MARKER', 'x');
    try {
      expect(childEnv({}, {})).toEqual({ PYTHONUNBUFFERED: '1' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('lintEnv never repeats what could be a secret', () => {
  it('a NUL inside a quoted multi-line value is found, and the value is not in the message', () => {
    const problems = lintEnv('A=1\nSECRET="hunter2-top-secret\nline2\0tail"\n', 'nul.env');
    expect(problems).toEqual([
      { file: 'nul.env', line: 3, message: 'binary data (NUL byte); an env file is text', hint: 'check that -e names an env file' },
    ]);
  });

  it('a broken line of key material is reported by its number only', () => {
    const problems = lintEnv('KEY=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B+AQEF=\n', '.env');
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['2: invalid variable name before "="']);
    expect(JSON.stringify(problems)).not.toContain('MIIE');
  });
});
