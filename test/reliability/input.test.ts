// Bad input: every malformed or hostile Procfile, env file or flag is either accepted (when it is
// valid by the grammar) or refused with one clear line per problem (file, line, what is wrong) and a
// non-zero exit; never a stack trace, never a hang. Plus the real-world corpus in ../shared/corpus.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { project, removeTemps } from '../helpers/temp.js';
import { assertNoneTagged, killLeftovers, Run } from './helpers.js';

afterEach(() => {
  expect(killLeftovers(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const STACK = /^\s+at /m;
/**
 * A problem line: `procman: <file>[:<line>]: <what>`, or `procman: <what naming the option/value>`.
 * (Any byte but a newline may follow; control characters echoed from the input are a separate test.)
 */
const PROBLEM = /^procman: \S[^\n]*$/;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  tag: string;
}

async function procman(args: string[], cwd: string, timeoutMs = 15_000): Promise<Outcome> {
  const run = new Run(args, { cwd, timeoutMs: timeoutMs + 5_000 });
  const exit = await run.exit(timeoutMs);
  return { code: exit.code, stdout: run.stdout, stderr: run.stderr, tag: run.tag };
}

/** Deterministic pseudo-random bytes. */
function garbage(length: number, seed: number, { nul = true } = {}): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = (x >> 16) & 0xff;
    if (!nul && out[i] === 0) out[i] = 0x41;
  }
  return out;
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  le.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
};
const many = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('');

type Expect =
  | { accept: string } // the types `check` lists
  | { refuse: RegExp } // the first problem line
  | { either: true }; // valid or not by taste: exit 0 or 1, no crash, no hang

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  args?: string[];
  expect: Expect;
}

const WEB = 'web: node server.js\n';

const PROCFILES: Case[] = [
  {
    name: 'a UTF-8 BOM',
    files: { Procfile: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(WEB)]) },
    expect: { accept: 'web' },
  },
  {
    name: 'UTF-16 LE with BOM (PowerShell)',
    files: { Procfile: utf16le(`${WEB}worker: node w.js\r\n`) },
    expect: { accept: 'web, worker' },
  },
  { name: 'UTF-16 BE with BOM', files: { Procfile: utf16be(WEB) }, expect: { accept: 'web' } },
  { name: 'tabs after the colon', files: { Procfile: 'web:\t\tnode server.js\nworker:\tnode w.js\n' }, expect: { accept: 'web, worker' } },
  { name: 'no whitespace after the colon', files: { Procfile: 'web:node server.js\n' }, expect: { accept: 'web' } },
  { name: 'CRLF line ends', files: { Procfile: 'web: node a.js\r\nworker: node b.js\r\n' }, expect: { accept: 'web, worker' } },
  { name: 'no newline at the end', files: { Procfile: 'web: node a.js' }, expect: { accept: 'web' } },
  {
    name: '10,000 well-formed lines',
    files: { Procfile: many(10_000, (i) => `p${i}: node worker.js ${i}\n`) },
    expect: { accept: 'p0, p1, p2' },
  },
  { name: 'a 1 MB command', files: { Procfile: `web: echo ${'x'.repeat(1_000_000)}\n` }, expect: { accept: 'web' } },
  {
    name: 'colons, $VARS, quotes, pipes and && in the command',
    files: { Procfile: `web: a:b "\${PORT:-3000}" $(x) 'y' | z && w\n` },
    expect: { accept: 'web' },
  },
  {
    name: 'comments (indented too) and blank lines around an entry',
    files: { Procfile: '# c\n   # indented\n\n\t\nweb: x\n\n' },
    expect: { accept: 'web' },
  },
  { name: 'binary garbage', files: { Procfile: garbage(4096, 7) }, expect: { refuse: /^procman: Procfile:\d+: / } },
  {
    name: 'binary garbage without NUL bytes',
    files: { Procfile: garbage(4096, 11, { nul: false }) },
    expect: { refuse: /^procman: Procfile:\d+: / },
  },
  { name: '5 MB of binary garbage', files: { Procfile: garbage(5_000_000, 13) }, expect: { refuse: /^procman: Procfile:\d+: / } },
  {
    name: 'a NUL byte in a command',
    files: { Procfile: 'web: node\0 server.js\n' },
    expect: { refuse: /^procman: Procfile:1: binary data/ },
  },
  {
    name: 'an ELF header',
    files: { Procfile: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), garbage(512, 3)]) },
    expect: { refuse: /^procman: Procfile:1: / },
  },
  { name: 'a name with a space', files: { Procfile: 'my web: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  {
    name: 'a name with a dot',
    files: { Procfile: 'web.1: node a.js\n' },
    expect: { refuse: /^procman: Procfile:1: invalid process type name "web\.1"/ },
  },
  {
    name: 'a unicode name',
    files: { Procfile: 'wéb: node a.js\n' },
    expect: { refuse: /^procman: Procfile:1: invalid process type name "wéb"/ },
  },
  { name: 'an emoji name', files: { Procfile: '🚀: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  {
    name: 'a name with $',
    files: { Procfile: 'we$b: node a.js\n' },
    expect: { refuse: /^procman: Procfile:1: invalid process type name/ },
  },
  { name: 'a name with ;', files: { Procfile: 'a;rm -rf x: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  { name: 'a name with $( )', files: { Procfile: '$(touch pwned): node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  { name: 'a name with a backquote', files: { Procfile: '`id`: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  { name: 'a name with | and >', files: { Procfile: 'a|b>c: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  { name: 'a name with a slash', files: { Procfile: '../etc/passwd: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: / } },
  {
    name: 'a missing command',
    files: { Procfile: 'web:\n' },
    expect: { refuse: /^procman: Procfile:1: process type "web" has no command/ },
  },
  {
    name: 'a command of whitespace only',
    files: { Procfile: 'web: \t \n' },
    expect: { refuse: /^procman: Procfile:1: process type "web" has no command/ },
  },
  {
    name: 'a command without a name',
    files: { Procfile: ': node a.js\n' },
    expect: { refuse: /^procman: Procfile:1: a command without a name/ },
  },
  {
    name: 'only comments',
    files: { Procfile: '# web: node a.js\n# worker: x\n' },
    expect: { refuse: /^procman: Procfile: no processes defined/ },
  },
  { name: 'an empty file', files: { Procfile: '' }, expect: { refuse: /^procman: Procfile: no processes defined/ } },
  { name: 'only whitespace lines', files: { Procfile: '\n \n\t\n\r\n' }, expect: { refuse: /^procman: Procfile: no processes defined/ } },
  { name: 'no colon', files: { Procfile: 'web node a.js\n' }, expect: { refuse: /^procman: Procfile:1: no colon/ } },
  {
    name: 'a space before the colon',
    files: { Procfile: 'web : node a.js\n' },
    expect: { refuse: /^procman: Procfile:1: a space before the colon/ },
  },
  { name: 'an indented entry', files: { Procfile: '  web: node a.js\n' }, expect: { refuse: /^procman: Procfile:1: an indented entry/ } },
  {
    name: 'a duplicate name',
    files: { Procfile: 'web: a\nweb: b\n' },
    expect: { refuse: /^procman: Procfile:2: duplicate process type "web" \(first on line 1\)/ },
  },
  {
    name: 'a line in quotes',
    files: { Procfile: '"web: node a.js"\n' },
    expect: { refuse: /^procman: Procfile:1: the whole line is in quotes/ },
  },
  {
    name: 'invalid UTF-8 in a command',
    files: { Procfile: Buffer.from('web: node \xff\xfe.js\n', 'latin1') },
    expect: { refuse: /^procman: Procfile:1: / },
  },
  {
    name: 'UTF-16 with an odd byte count',
    files: { Procfile: Buffer.concat([utf16le(WEB), Buffer.from([0x41])]) },
    expect: { either: true },
  },
  {
    name: 'a BOM and nothing else',
    files: { Procfile: Buffer.from([0xef, 0xbb, 0xbf]) },
    expect: { refuse: /^procman: Procfile: no processes defined/ },
  },
  {
    name: 'a heroku note',
    files: { Procfile: 'web: a\nheroku ps:scale web=1\n' },
    expect: { refuse: /^procman: Procfile:2: a shell note/ },
  },
  {
    name: 'a command continued with a backslash',
    files: { Procfile: 'web: node a.js \\\n  --port 3000\n' },
    expect: { refuse: /^procman: Procfile:2: a command continued/ },
  },
  { name: 'a 100,000-character name', files: { Procfile: `${'n'.repeat(100_000)}: node a.js\n` }, expect: { accept: 'n{100000}' } },
  { name: 'ANSI escapes in a command', files: { Procfile: 'web: echo "\u001b[31mred\u001b[0m"\n' }, expect: { accept: 'web' } },
  {
    name: '20,000 lines with a bad one at the end',
    files: { Procfile: `${many(20_000, (i) => `p${i}: x\n`)}oops\n` },
    expect: { refuse: /^procman: Procfile:20001: / },
  },
];

const ENVS: Case[] = [
  {
    name: 'env: an unterminated double quote',
    files: { Procfile: WEB, '.env': 'A=1\nB="never closed\nC=2\n' },
    expect: { refuse: /^procman: \S+\.env:2: unterminated " quote/ },
  },
  {
    name: 'env: an unterminated single quote',
    files: { Procfile: WEB, '.env': "A='never closed\n" },
    expect: { refuse: /^procman: \S+\.env:1: unterminated ' quote/ },
  },
  {
    name: 'env: an unterminated backquote',
    files: { Procfile: WEB, '.env': 'A=`never closed\n' },
    expect: { refuse: /^procman: \S+\.env:1: unterminated ` quote/ },
  },
  {
    name: 'env: a name with a space',
    files: { Procfile: WEB, '.env': 'MY VAR=1\n' },
    expect: { refuse: /^procman: \S+\.env:1: invalid variable name before "="$/m },
  },
  { name: 'env: an empty name', files: { Procfile: WEB, '.env': 'A=1\n=value\n' }, expect: { refuse: /^procman: \S+\.env:2: / } },
  {
    name: 'env: a line without =',
    files: { Procfile: WEB, '.env': 'JUSTAWORD\n' },
    expect: { refuse: /^procman: \S+\.env:1: expected KEY=value/ },
  },
  {
    name: 'env: a name with shell metacharacters',
    files: { Procfile: WEB, '.env': 'A$(x)=1\n' },
    expect: { refuse: /^procman: \S+\.env:1: invalid variable name/ },
  },
  { name: 'env: a NUL byte', files: { Procfile: WEB, '.env': 'A=1\0\n' }, expect: { refuse: /^procman: \S+\.env:1: binary data/ } },
  { name: 'env: binary garbage', files: { Procfile: WEB, '.env': garbage(4096, 5) }, expect: { refuse: /^procman: \S+\.env:\d+: / } },
  { name: 'env: a 10 MB value', files: { Procfile: WEB, '.env': `BIG=${'v'.repeat(10_000_000)}\n` }, expect: { accept: 'web' } },
  {
    name: 'env: a 1 MB quoted multi-line value',
    files: { Procfile: WEB, '.env': `BIG="${many(20_000, () => `${'q'.repeat(50)}\n`)}"\n` },
    expect: { accept: 'web' },
  },
  {
    name: 'env: 10,000 variables',
    files: { Procfile: WEB, '.env': many(10_000, (i) => `VAR_${i}=value ${i}\n`) },
    expect: { accept: 'web' },
  },
  {
    name: 'env: CRLF, export, comments and quotes',
    files: { Procfile: WEB, '.env': '# c\r\nexport A=1\r\nB="two words" # c\r\nC=\'x\'\r\n' },
    expect: { accept: 'web' },
  },
  { name: 'env: a UTF-8 BOM', files: { Procfile: WEB, '.env': '\ufeffA=1\n' }, expect: { either: true } },
  {
    name: 'env: the -e file is missing',
    files: { Procfile: WEB },
    args: ['-e', 'nope.env'],
    expect: { refuse: /^procman: \S*nope\.env: env file not found/ },
  },
  {
    name: 'env: the -e file is a directory',
    files: { Procfile: WEB },
    args: ['-e', '.'],
    expect: { refuse: /^procman: .* is a directory, not an env file/ },
  },
];

/** `start` flags that must be refused before anything is spawned. */
const FLAGS: Array<[string, string[], RegExp]> = [
  ['-p 70000', ['-p', '70000'], /^procman: invalid port 70000 from -p\/--port/],
  ['-p abc', ['-p', 'abc'], /^procman: invalid port "abc" from -p\/--port/],
  ['-p 0', ['-p', '0'], /^procman: invalid port 0 from -p\/--port/],
  ['-p -1', ['-p', '-1'], /^procman: invalid port "-1" from -p\/--port/],
  ['-p 80.5', ['-p', '80.5'], /^procman: invalid port "80\.5"/],
  ['-p ""', ['-p', ''], /^procman: invalid port "" from -p\/--port/],
  ['-p 65500 pushes worker past 65535', ['-p', '65500'], /^procman: port 65600 for worker\.1 is above 65535/],
  ['-m web=x', ['-m', 'web=x'], /^procman: invalid formation "web=x"/],
  ['-m nosuch=1', ['-m', 'nosuch=1'], /^procman: unknown process type "nosuch"; known: web, worker/],
  ['-m web=-1', ['-m', 'web=-1'], /^procman: invalid formation "web=-1"/],
  ['-m =1', ['-m', '=1'], /^procman: invalid formation "=1"/],
  ['-m web=1001', ['-m', 'web=1001'], /^procman: invalid formation "web=1001": at most 1000/],
  ['-m all=0', ['-m', 'all=0'], /^procman: nothing to start/],
  ['-t -1', ['-t', '-1'], /^procman: invalid timeout "-1"/],
  ['-t abc', ['-t', 'abc'], /^procman: invalid timeout "abc"/],
  ['-t Infinity', ['-t', 'Infinity'], /^procman: invalid timeout "Infinity"/],
  ['-t ""', ['-t', ''], /^procman: invalid timeout ""/],
  ['-d /nonexistent', ['-d', '/nonexistent-procman-dir'], /^procman: root directory not found: \/nonexistent-procman-dir/],
  ['-d pointing at a file', ['-d', 'Procfile'], /^procman: root is not a directory: Procfile/],
  ['-f pointing at a directory', ['-f', '.'], /^procman: \. is a directory, not a Procfile/],
  ['-f pointing at a missing file', ['-f', 'Nope'], /^procman: Procfile not found: Nope/],
  [
    '-f /dev/null (a device: /dev/zero or /dev/tty would never end)',
    ['-f', '/dev/null'],
    /^procman: \/dev\/null is a device, not a Procfile/,
  ],
  ['an unknown type', ['wrker'], /^procman: unknown process type "wrker"; known: web, worker/],
  ['PORT=abc in .env (the value is not echoed)', ['-e', 'bad-port.env'], /^procman: invalid port from PORT in the env files/],
  ['an unknown flag', ['--colour'], /^procman: unknown option '--colour'/],
];

/** Checks a refusal: non-zero, nothing on stdout, only `procman:` / `hint:` lines, the first as expected. */
function expectRefusal(result: Outcome, first: RegExp): void {
  expect(result.stderr, 'no stack trace').not.toMatch(STACK);
  expect(result.code, `exit code (stderr: ${result.stderr.slice(0, 300)})`).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(first);
  for (const line of lines) {
    if (!PROBLEM.test(line) && !/^hint: \S[^\n]*$/.test(line) && !/^\(Did you mean \S+\?\)$/.test(line))
      throw new Error(`not a clear problem line: ${JSON.stringify(line.slice(0, 200))}`);
  }
}

describe('malformed and hostile input', () => {
  for (const { name, files, args = [], expect: expected } of [...PROCFILES, ...ENVS]) {
    it(`check: ${name}`, async () => {
      const dir = project(files);
      const startedAt = Date.now();
      const result = await procman(['check', ...args], dir);
      const took = Date.now() - startedAt;
      expect(took, 'check takes at most 10 s').toBeLessThan(10_000);
      expect(result.stderr).not.toMatch(STACK);
      if ('accept' in expected) {
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(new RegExp(`^valid procfile detected \\(${expected.accept.replace(/[()]/g, '\\$&')}[,)]`));
      } else if ('refuse' in expected) {
        expectRefusal(result, expected.refuse);
      } else {
        expect([0, 1]).toContain(result.code);
        if (result.code === 1) expectRefusal(result, PROBLEM);
      }
    });
  }

  for (const [name, args, first] of FLAGS) {
    it(`start refuses ${name} before spawning anything`, async () => {
      const dir = project({ Procfile: 'web: node server.js\nworker: node worker.js\n', 'bad-port.env': 'PORT=abc\n' });
      const result = await procman(['start', ...args], dir);
      expectRefusal(result, first);
      await assertNoneTagged(result.tag, 1_000);
    });
  }

  it('start refuses a bad Procfile line before spawning anything', async () => {
    const result = await procman(['start'], project({ Procfile: 'web: node server.js\nworker node worker.js\n' }));
    expectRefusal(result, /^procman: Procfile:2: no colon after the process type/);
  });

  // Regression (fixed): a Procfile with classic-Mac line ends (lone \r) or a command containing U+2028/U+2029 is
  // refused with a false reason: `Procfile:1: invalid process type name "web"` ("web" is a valid
  // name). The entry regex in src/project/procfile.ts uses `.`, which does not match \r, \u2028 or \u2029, so
  // the line falls through to explain()'s bad-name branch. Repro: printf 'web: a\rworker: b\r' >
  // Procfile; procman check. Either accept (the command is the rest of the line) or name the
  // real problem (a carriage return / line separator inside the line).
  for (const [name, text] of [
    ['lone CR line ends (classic Mac)', 'web: node a.js\rworker: node b.js\r'],
    ['U+2028 LINE SEPARATOR in a command', 'web: echo "a\u2028b"\n'],
  ] as const) {
    it(`check: ${name} is not called an invalid name`, async () => {
      const result = await procman(['check'], project({ Procfile: text }));
      expect(result.stderr).not.toMatch(STACK);
      expect([0, 1]).toContain(result.code);
      expect(result.stderr).not.toContain('invalid process type name "web"');
    });
  }

  // Regression (fixed): problem messages echo the offending line raw, control characters included, so a hostile
  // or binary Procfile writes ESC sequences, carriage returns and BELs to the user's terminal
  // (terminal escape injection; a \r makes the message overwrite itself). Repro: printf
  // 'x\033]0;pwned\007\033[2J: y\n' > Procfile; procman check  -> the terminal title changes and
  // the screen clears. Also a 4 KiB garbage line is echoed whole. Fix: escape C0 controls and DEL
  // (\x1b, \r, ...) in quoted excerpts, and cut long excerpts.
  for (const [name, content] of [
    ['ESC sequences in a name', Buffer.from('x\u001b]0;pwned\u0007\u001b[2J: y\n', 'latin1')],
    ['binary garbage', garbage(4096, 7)],
  ] as const) {
    it(`check: problem lines carry no raw control characters from the input (${name})`, async () => {
      const result = await procman(['check'], project({ Procfile: content }));
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    });
  }

  // Regression (fixed): `check` says valid where `start` refuses: PORT=abc in the env file passes `procman check`
  // (exit 0, "valid procfile detected (web)") but `procman start` fails with `invalid port "abc"
  // from PORT in the env files`. check validates the env files' syntax but not the PORT they set.
  it('check refuses PORT=abc in .env, as start does', async () => {
    const result = await procman(['check'], project({ Procfile: WEB, '.env': 'PORT=abc\n' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
  });

  // Regression (fixed): `-f` or `-e` naming a FIFO that nobody writes hangs procman forever (readFileSync blocks
  // in open(2) until a writer appears). Repro: mkfifo p; procman check -f p  (also -e p). Fix:
  // refuse what is not a regular file (fstat after an O_NONBLOCK open), like a directory is refused.
  for (const flag of ['-f', '-e'] as const) {
    it(`check ${flag} naming a FIFO nobody writes does not hang`, async () => {
      const dir = project({ Procfile: WEB });
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      try {
        const result = await procman(['check', flag, 'fifo'], dir, 3_000);
        expect(result.code).toBe(1);
      } finally {
        killLeftovers();
      }
    });
  }
});

const CORPUS = resolve(ROOT, '../shared/corpus');
const hasCorpus = existsSync(join(CORPUS, 'procfiles')) && existsSync(join(CORPUS, 'env'));

describe.skipIf(!hasCorpus)('the real-world corpus (../shared/corpus)', () => {
  const procfiles = hasCorpus ? readdirSync(join(CORPUS, 'procfiles')).sort() : [];
  const envs = hasCorpus ? readdirSync(join(CORPUS, 'env')).sort() : [];

  it('every Procfile parses in-process without throwing: entries, or problems with a line', async () => {
    const { decodeProcfile, lintProcfile } = (await import(
      resolve(ROOT, 'dist/project/procfile.js')
    )) as typeof import('../../src/project/procfile.js');
    expect(procfiles.length).toBeGreaterThanOrEqual(480);
    let valid = 0;
    for (const file of procfiles) {
      const text = decodeProcfile(readFileSync(join(CORPUS, 'procfiles', file)));
      const { entries, problems } = lintProcfile(text, file);
      if (problems.length === 0) {
        expect(entries.length, file).toBeGreaterThan(0);
        valid++;
      }
      for (const p of problems) {
        expect(p.message, file).toMatch(/\S/);
        if (p.line === undefined) expect(p.message, file).toMatch(/no processes defined/);
      }
    }
    console.log(`[corpus] ${procfiles.length} Procfiles: ${valid} valid, ${procfiles.length - valid} refused with problems`);
  });

  it('every env file parses in-process without throwing', async () => {
    const { parseEnv } = (await import(resolve(ROOT, 'dist/project/env.js'))) as typeof import('../../src/project/env.js');
    expect(envs.length).toBeGreaterThanOrEqual(56);
    let clean = 0;
    for (const file of envs) {
      const { problems } = parseEnv(readFileSync(join(CORPUS, 'env', file), 'utf8'), file);
      for (const p of problems) expect(p.line, file).toBeGreaterThan(0);
      if (problems.length === 0) clean++;
    }
    console.log(`[corpus] ${envs.length} env files: ${clean} without problems`);
  });

  it('expansion (the default) changes only values that reference a variable, and eats no literal $ in any env file', async () => {
    const { parseEnv, readEnvFiles } = (await import(resolve(ROOT, 'dist/project/env.js'))) as typeof import('../../src/project/env.js');
    const changed: string[] = [];
    for (const file of envs) {
      const path = join(CORPUS, 'env', file);
      const asWritten = parseEnv(readFileSync(path, 'utf8'), file).env;
      const { env, warnings } = readEnvFiles({ files: [path], environment: {} });
      expect(warnings.map((w) => `${file}:${w.line}: ${w.message}`)).toEqual([]);
      for (const [name, value] of Object.entries(asWritten)) {
        if (env[name] === value) continue;
        expect(value, `${file}: ${name}`).toMatch(/\$\{?[A-Za-z_]/);
        changed.push(`${file}: ${name}`);
      }
    }
    console.log(`[corpus] ${envs.length} env files: expansion changes ${changed.length} values (${changed.join('; ')}), no warning`);
  });

  it('a sample of 24 Procfiles and 12 env files through `procman check`: exit 0 or 1, no stack trace, no hang', async () => {
    const { decodeProcfile, lintProcfile } = (await import(
      resolve(ROOT, 'dist/project/procfile.js')
    )) as typeof import('../../src/project/procfile.js');
    const every = <T>(list: T[], n: number) => list.filter((_, i) => i % Math.ceil(list.length / n) === 0);
    const root = project();
    mkdirSync(join(root, 'app'));
    const jobs: Array<[string, string[], boolean | undefined]> = [
      ...every(procfiles, 24).map((f): [string, string[], boolean] => {
        const path = join(CORPUS, 'procfiles', f);
        return [
          f,
          ['check', '-f', path, '-d', join(root, 'app')],
          lintProcfile(decodeProcfile(readFileSync(path)), f).problems.length === 0,
        ];
      }),
      ...every(envs, 12).map((f): [string, string[], undefined] => [
        f,
        ['check', '-f', join(ROOT, 'fixtures/demo/Procfile'), '-e', join(CORPUS, 'env', f)],
        undefined,
      ]),
    ];
    // two at a time: the machine has two cores
    for (let i = 0; i < jobs.length; i += 2) {
      await Promise.all(
        jobs.slice(i, i + 2).map(async ([file, args, valid]) => {
          const result = await procman(args, root, 10_000);
          expect(result.stderr, file).not.toMatch(STACK);
          expect([0, 1], `${file}: exit ${result.code}\n${result.stderr}`).toContain(result.code);
          if (valid !== undefined) expect(result.code, `${file}: CLI and parser agree`).toBe(valid ? 0 : 1);
          if (result.code === 1) for (const line of result.stderr.trimEnd().split('\n')) expect(line, file).toMatch(/^(procman|hint): \S/);
        }),
      );
    }
  }, 60_000);
});
