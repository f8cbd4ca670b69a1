import { describe, expect, it } from 'vitest';
import { ProcmanError } from '../../../src/errors.js';
import { decodeProcfile, isValidName, lintProcfile, parseProcfile } from '../../../src/project/procfile.js';

/** The one problem a text yields (fails when there is not exactly one). */
function onlyProblem(text: string, file = 'Procfile') {
  const { problems } = lintProcfile(text, file);
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe('parseProcfile: Foreman grammar', () => {
  it('reads name, colon, command, with the line number', () => {
    expect(parseProcfile('web: node web.js\nworker: node worker.js\n')).toEqual([
      { name: 'web', command: 'node web.js', line: 1 },
      { name: 'worker', command: 'node worker.js', line: 2 },
    ]);
  });

  it('accepts no space after the colon', () => {
    expect(parseProcfile('web:gunicorn app:app')).toEqual([{ name: 'web', command: 'gunicorn app:app', line: 1 }]);
  });

  it('accepts tabs after the colon', () => {
    expect(parseProcfile('web:\t\tnode web.js')).toEqual([{ name: 'web', command: 'node web.js', line: 1 }]);
  });

  it('keeps every later colon in the command', () => {
    expect(parseProcfile('web: gunicorn app:app --bind 0.0.0.0:$PORT')[0]?.command).toBe('gunicorn app:app --bind 0.0.0.0:$PORT');
  });

  it('trims trailing whitespace of the command', () => {
    expect(parseProcfile('web: node web.js  \t')[0]?.command).toBe('node web.js');
  });

  it.each([
    ['$VARS', 'web: bundle exec puma -p $PORT -e $RACK_ENV'],
    ['default expansion', 'web: node web.js --port ${PORT:-3000}'],
    ['command substitution', 'web: node $(which web.js)'],
    ['double quotes', 'web: sh -c "echo \\"hi there\\""'],
    ['single quotes', "web: echo 'a: b' && echo 'c'"],
    ['pipes', 'web: node web.js 2>&1 | tee web.log'],
    ['&&', 'release: npm run migrate && npm run seed'],
    ['a # inside the command', 'web: node web.js # not a comment for us'],
  ])('passes %s to the shell untouched', (_label, line) => {
    const command = line.slice(line.indexOf(':') + 1).trim();
    expect(parseProcfile(line)[0]?.command).toBe(command);
  });

  it('accepts names with digits, _ and -', () => {
    expect(parseProcfile('worker_2: a\nweb-api: b\n3d: c').map((e) => e.name)).toEqual(['worker_2', 'web-api', '3d']);
  });

  it('skips # comments, indented comments and blank lines, counting their lines', () => {
    const text = '# processes\n\nweb: node web.js\n   # indented comment\n\t\n  \nworker: node worker.js\n';
    expect(parseProcfile(text)).toEqual([
      { name: 'web', command: 'node web.js', line: 3 },
      { name: 'worker', command: 'node worker.js', line: 7 },
    ]);
  });

  it('reads CRLF line endings without keeping the \\r', () => {
    expect(parseProcfile('web: node web.js\r\nworker: node worker.js\r\n')).toEqual([
      { name: 'web', command: 'node web.js', line: 1 },
      { name: 'worker', command: 'node worker.js', line: 2 },
    ]);
  });

  it('reads a last line without a final newline', () => {
    expect(parseProcfile('web: a\nworker: b').map((e) => e.command)).toEqual(['a', 'b']);
  });

  it('keeps non-ASCII and emoji in commands', () => {
    expect(parseProcfile('web: echo "héllo wörld 🚀 日本"')[0]?.command).toBe('echo "héllo wörld 🚀 日本"');
  });

  it('lints a valid file to entries and no problems', () => {
    expect(lintProcfile('web: a\n', 'Procfile.dev')).toEqual({
      entries: [{ name: 'web', command: 'a', line: 1 }],
      problems: [],
    });
  });
});

describe('decodeProcfile', () => {
  const text = 'web: echo héllo 🚀\nworker: node w.js\n';

  it('reads plain UTF-8', () => {
    expect(decodeProcfile(Buffer.from(text, 'utf8'))).toBe(text);
  });

  it('drops a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(decodeProcfile(bytes)).toBe(text);
    expect(parseProcfile(decodeProcfile(bytes)).map((e) => e.name)).toEqual(['web', 'worker']);
  });

  it('decodes UTF-16 LE with a BOM (PowerShell)', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(bytes[2]).toBe(0x77); // 'w' low byte first
    expect(bytes[3]).toBe(0x00);
    expect(decodeProcfile(bytes)).toBe(text);
  });

  it('decodes UTF-16 BE with a BOM', () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    expect(bytes[2]).toBe(0x00);
    expect(bytes[3]).toBe(0x77); // 'w' high byte first
    expect(decodeProcfile(bytes)).toBe(text);
  });

  it('decodes UTF-16 with CRLF to entries', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('web: a\r\nworker: b\r\n', 'utf16le')]);
    expect(parseProcfile(decodeProcfile(bytes))).toEqual([
      { name: 'web', command: 'a', line: 1 },
      { name: 'worker', command: 'b', line: 2 },
    ]);
  });

  it('respects the byteOffset of a Uint8Array view', () => {
    const backing = Buffer.from('XXXXweb: a\n', 'utf8');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 4);
    expect(decodeProcfile(view)).toBe('web: a\n');
  });

  it('reads invalid UTF-8 as U+FFFD', () => {
    const bytes = Buffer.from([...Buffer.from('web: echo caf'), 0xe9, 0x0a]);
    expect(decodeProcfile(bytes)).toBe('web: echo caf\uFFFD\n');
  });

  // Was a bug (found by these tests, fixed in a728d11): an odd byte after a
  // UTF-16 BE BOM made Buffer#swap16 throw a RangeError (an internal error).
  it('decodes UTF-16 BE with an odd trailing byte without throwing, like LE', () => {
    expect(decodeProcfile(Buffer.from([0xfe, 0xff, 0x00, 0x77, 0x00]))).toBe('w');
    expect(decodeProcfile(Buffer.from([0xff, 0xfe, 0x77, 0x00, 0x00]))).toBe('w');
  });

  it('an empty file, and a file that is only a BOM, decode to empty text', () => {
    expect(decodeProcfile(Buffer.alloc(0))).toBe('');
    expect(decodeProcfile(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('');
    expect(decodeProcfile(Buffer.from([0xff, 0xfe]))).toBe('');
    expect(decodeProcfile(Buffer.from([0xfe, 0xff]))).toBe('');
  });

  it('UTF-16 LE without a BOM is reported as binary data on every line', () => {
    const text = decodeProcfile(Buffer.from('web: a\nworker: b\n', 'utf16le'));
    const { entries, problems } = lintProcfile(text);
    expect(entries).toEqual([]);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'binary data (NUL byte); a Procfile is a text file'],
      [2, 'binary data (NUL byte); a Procfile is a text file'],
      [3, 'binary data (NUL byte); a Procfile is a text file'],
    ]);
  });

  // Was a doc/behaviour mismatch (fixed in a728d11): a command with invalid
  // UTF-8 cannot reach the shell byte for byte once decoded, so it is refused.
  it('refuses a command that is not valid UTF-8 (a Latin-1 Procfile)', () => {
    const bytes = Buffer.from([...Buffer.from('# caf'), 0xe9, ...Buffer.from('\nweb: echo caf'), 0xe9, 0x0a]);
    expect(lintProcfile(decodeProcfile(bytes))).toEqual({
      entries: [],
      problems: [
        {
          file: 'Procfile',
          line: 2,
          message: 'not valid UTF-8',
          hint: 'save the Procfile as UTF-8 (it looks like another encoding, such as Latin-1)',
        },
      ],
    });
  });
});

describe('lintProcfile: problems with exact messages and hints', () => {
  it('no colon after a well-known type', () => {
    expect(onlyProblem('web gunicorn app:app')).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'no colon after the process type',
      hint: 'did you mean `web: gunicorn app:app`?',
    });
  });

  it('no colon after an unknown word', () => {
    expect(onlyProblem('frontend npm start')).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'not a process entry: "frontend npm start"',
      hint: 'give the command a name, like `web: frontend npm start`, or comment the line out with #',
    });
  });

  it('a space before the colon', () => {
    expect(onlyProblem('web : node web.js')).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'a space before the colon',
      hint: 'did you mean `web: node web.js`?',
    });
  });

  it('an indented entry', () => {
    expect(onlyProblem('  web: node web.js')).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'an indented entry',
      hint: 'remove the leading whitespace: web: node web.js',
    });
  });

  it('an indented entry after another entry is not read as a continuation', () => {
    const { entries, problems } = lintProcfile('web: a\n\tworker: b\n');
    expect(entries).toEqual([{ name: 'web', command: 'a', line: 1 }]);
    expect(problems).toEqual([
      { file: 'Procfile', line: 2, message: 'an indented entry', hint: 'remove the leading whitespace: worker: b' },
    ]);
  });

  it.each([
    ['"web: node web.js"', 'web: node web.js'],
    ["'web: node web.js'", 'web: node web.js'],
    ['`web: node web.js`', 'web: node web.js'],
  ])('the whole line in quotes: %s', (line, inner) => {
    expect(onlyProblem(line)).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'the whole line is in quotes',
      hint: `remove the quotes: ${inner}`,
    });
  });

  it('a command without a name', () => {
    expect(onlyProblem(': node web.js')).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'a command without a name',
      hint: 'did you mean `web: node web.js`?',
    });
  });

  it.each([['heroku ps:scale web=1'], ['$ procman start'], ['git push heroku main']])('a shell note: %s', (line) => {
    expect(onlyProblem(line)).toEqual({
      file: 'Procfile',
      line: 1,
      message: `a shell note, not a process entry: "${line}"`,
      hint: 'comment it out with #',
    });
  });

  const continued = {
    message: 'a command continued over several lines',
    hint: 'a Procfile command is one line: move the script into a file and run that',
  };

  it('a line ending in \\ continued on the next', () => {
    const { entries, problems } = lintProcfile('web: node web.js \\\n--port 5000\n');
    expect(entries).toEqual([{ name: 'web', command: 'node web.js \\', line: 1 }]);
    expect(problems).toEqual([{ file: 'Procfile', line: 2, ...continued }]);
  });

  it.each([['&&'], ['||'], ['|']])('a line ending in %s continued on the next', (op) => {
    expect(lintProcfile(`release: npm run migrate ${op}\nnpm run seed`).problems).toEqual([{ file: 'Procfile', line: 2, ...continued }]);
  });

  it('an indented continuation line', () => {
    expect(lintProcfile('web: node web.js\n    --port 5000\n').problems).toEqual([{ file: 'Procfile', line: 2, ...continued }]);
  });

  it('every line of a long continuation is flagged', () => {
    expect(lintProcfile('web: a \\\n  b \\\n  c\n').problems.map((p) => [p.line, p.message])).toEqual([
      [2, continued.message],
      [3, continued.message],
    ]);
  });

  it('a comment between lines ends the continuation', () => {
    expect(onlyProblem('web: a \\\n# note\n  --flag')).toEqual({
      file: 'Procfile',
      line: 3,
      message: 'not a process entry: "--flag"',
      hint: 'give the command a name, like `web: --flag`, or comment the line out with #',
    });
  });

  it('a duplicate name names both lines', () => {
    const { entries, problems } = lintProcfile('web: a\nworker: b\nweb: c\n');
    expect(entries.map((e) => e.command)).toEqual(['a', 'b']);
    expect(problems).toEqual([
      {
        file: 'Procfile',
        line: 3,
        message: 'duplicate process type "web" (first on line 1)',
        hint: 'rename one of them, like web2',
      },
    ]);
  });

  it('names differing in case are not duplicates', () => {
    expect(parseProcfile('web: a\nWeb: b').map((e) => e.name)).toEqual(['web', 'Web']);
  });

  it.each([[''], ['\n\n'], ['# only a comment\n  # another\n'], ['\r\n\r\n']])('no processes in %j', (text) => {
    expect(lintProcfile(text, 'Procfile.dev')).toEqual({
      entries: [],
      problems: [
        {
          file: 'Procfile.dev',
          message: 'no processes defined (the file is empty or only comments)',
          hint: 'add a line like `web: node server.js`',
        },
      ],
    });
  });

  it.each([['web: node\0web.js'], ['\0\0\0'], ['  web\0: a']])('NUL bytes: %j', (text) => {
    expect(onlyProblem(text)).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'binary data (NUL byte); a Procfile is a text file',
      hint: 'check that -f names the Procfile',
    });
  });

  it.each([['web.1'], ['wéb'], ['web$x'], ['we;b'], ['🚀'], ['a/b']])('an invalid name: %s', (name) => {
    expect(onlyProblem(`${name}: node web.js`)).toEqual({
      file: 'Procfile',
      line: 1,
      message: `invalid process type name "${name}"`,
      hint: 'a name is letters, digits, _ and - only, like web or worker_2',
    });
  });

  it.each([['web:'], ['web:   '], ['web:\t\r']])('a missing command: %j', (line) => {
    expect(onlyProblem(line)).toEqual({
      file: 'Procfile',
      line: 1,
      message: 'process type "web" has no command',
      hint: 'write `web: <command>`',
    });
  });

  it('reports every problem, each with its file and line', () => {
    const text = [
      '# my app', // 1
      'web gunicorn app:app', // 2
      'worker : node w.js', // 3
      '  clock: node c.js', // 4
      '"api: node a.js"', // 5
      ': node x.js', // 6
      'heroku ps:scale web=1', // 7
      'ok: node ok.js', // 8
      'ok: node again.js', // 9
      'bad.name: x', // 10
      'empty:', // 11
      'bin\0ary', // 12
      '', // 13
      'job: a &&', // 14
      'b', // 15
    ].join('\r\n');
    const { entries, problems } = lintProcfile(text, 'Procfile.dev');
    expect(entries).toEqual([
      { name: 'ok', command: 'node ok.js', line: 8 },
      { name: 'job', command: 'a &&', line: 14 },
    ]);
    expect(problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ['Procfile.dev', 2, 'no colon after the process type'],
      ['Procfile.dev', 3, 'a space before the colon'],
      ['Procfile.dev', 4, 'an indented entry'],
      ['Procfile.dev', 5, 'the whole line is in quotes'],
      ['Procfile.dev', 6, 'a command without a name'],
      ['Procfile.dev', 7, 'a shell note, not a process entry: "heroku ps:scale web=1"'],
      ['Procfile.dev', 9, 'duplicate process type "ok" (first on line 8)'],
      ['Procfile.dev', 10, 'invalid process type name "bad.name"'],
      ['Procfile.dev', 11, 'process type "empty" has no command'],
      ['Procfile.dev', 12, 'binary data (NUL byte); a Procfile is a text file'],
      ['Procfile.dev', 15, 'a command continued over several lines'],
    ]);
    for (const problem of problems) {
      expect(problem.hint).toEqual(expect.any(String));
      expect(problem.line).toEqual(expect.any(Number));
    }
  });
});

describe('parseProcfile errors', () => {
  it('throws the first problem with file, line and hint', () => {
    let error: unknown;
    try {
      parseProcfile('web gunicorn app:app\n', 'Procfile.dev');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProcmanError);
    expect((error as ProcmanError).message).toBe('Procfile.dev:1: no colon after the process type');
    expect((error as ProcmanError).hint).toBe('did you mean `web: gunicorn app:app`?');
    expect((error as ProcmanError).exitCode).toBe(1);
  });

  it('counts the other problems', () => {
    expect(() => parseProcfile('web: a\nweb: b\nx y z\n')).toThrow(
      'Procfile:2: duplicate process type "web" (first on line 1) (and 1 more problem: run procman check)',
    );
    expect(() => parseProcfile('a b\nc d\ne f\n')).toThrow(/^Procfile:1: .* \(and 2 more problems: run procman check\)$/);
  });

  it('an empty file has no line number', () => {
    expect(() => parseProcfile('', 'Procfile')).toThrow(
      new ProcmanError('Procfile: no processes defined (the file is empty or only comments)', {
        hint: 'add a line like `web: node server.js`',
      }),
    );
  });

  it('defaults the file name to Procfile', () => {
    expect(() => parseProcfile('web')).toThrow(/^Procfile:1: /);
  });
});

describe('isValidName', () => {
  it.each([
    ['web', true],
    ['worker_2', true],
    ['web-api', true],
    ['web.1', false],
    ['', false],
    ['wéb', false],
    ['a b', false],
  ])('%j -> %s', (name, valid) => {
    expect(isValidName(name)).toBe(valid);
  });
});
