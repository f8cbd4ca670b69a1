import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, procman } from '../helpers/cli.js';
import { project, removeTemps } from '../helpers/temp.js';

afterAll(removeTemps);
/** A folder without a Procfile. */
const tmp = project();

describe('procman check', () => {
  it('names the process types of a valid Procfile', async () => {
    const result = await procman(['check'], { cwd: fixture('e2e/run') });
    expect(result).toMatchObject({ code: 0, stdout: 'valid procfile detected (web, worker, fail)\n', stderr: '' });
  });

  it('lists every problem with its line, and exits 1', async () => {
    const result = await procman(['check'], { cwd: fixture('e2e/bad') });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'procman: Procfile:2: no colon after the process type',
        'hint: did you mean `web: gunicorn app:app`?',
        'procman: Procfile:3: duplicate process type "web" (first on line 1)',
        'hint: rename one of them, like web2',
        'procman: Procfile:4: an indented entry',
        'hint: remove the leading whitespace: worker: node worker.js',
        'procman: Procfile:5: a shell note, not a process entry: "heroku ps:scale web=1"',
        'hint: comment it out with #',
        '',
      ].join('\n'),
    );
  });

  it('checks the env files too', async () => {
    const dir = project({ Procfile: 'web: node web.js\n', '.env': 'GOOD=1\nBAD="never closed\nMORE=2\n' });
    const result = await procman(['check'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('procman: .env:2: unterminated " quote'.replace('.env', join(dir, '.env')));
  });
});

describe('errors are one clear line, a hint, and a non-zero exit', () => {
  const ok = project({ Procfile: 'web: node ../web.js\nworker: node worker.js\n', 'a.env': 'A=1\n' });
  const cases: Array<[string, string[], string, RegExp | string]> = [
    ['missing Procfile', ['start', '-f', 'Nope'], tmp, 'procman: Procfile not found: Nope\nhint: use -f to point at another file\n'],
    ['Procfile is a directory', ['start', '-f', '.'], ok, 'procman: . is a directory, not a Procfile\nhint: point at the file itself\n'],
    [
      'missing -e file',
      ['start', '-e', 'missing.env'],
      ok,
      /^procman: .*missing\.env: env file not found\nhint: check the path given to -e\/--env\n$/,
    ],
    ['bad port', ['start', '-p', 'abc'], ok, 'procman: invalid port "abc" from -p/--port: expected a number from 1 to 65535\n'],
    ['port too high', ['start', '-p', '70000'], ok, 'procman: invalid port 70000 from -p/--port: expected a number from 1 to 65535\n'],
    [
      'port pushed past 65535',
      ['start', '-p', '65500'],
      ok,
      'procman: port 65600 for worker.1 is above 65535\nhint: use a lower base port with -p (now 65500)\n',
    ],
    [
      'bad formation',
      ['start', '-m', 'web=x'],
      ok,
      'procman: invalid formation "web=x": expected <type>=<count>\nhint: for example -m all=1,web=2,worker=0\n',
    ],
    ['unknown type in formation', ['start', '-m', 'nosuch=1'], ok, 'procman: unknown process type "nosuch"; known: web, worker\n'],
    ['unknown type to start', ['start', 'wrker'], ok, 'procman: unknown process type "wrker"; known: web, worker\n'],
    [
      'negative timeout',
      ['start', '-t', '-1'],
      ok,
      'procman: invalid timeout "-1": expected a number of seconds, 0 or more\nhint: for example -t 10\n',
    ],
    [
      'timeout past what timers can hold',
      ['start', '-t', '9999999'],
      ok,
      'procman: invalid timeout "9999999": at most 2147483 seconds (about 24 days)\n',
    ],
    [
      'missing root',
      ['start', '-d', '/nonexistent-procman-root'],
      ok,
      'procman: root directory not found: /nonexistent-procman-root\nhint: check the path given to -d/--root\n',
    ],
    [
      'nothing to start',
      ['start', '-m', 'all=0'],
      ok,
      'procman: nothing to start: the formation runs no process\nhint: check -m, for example -m all=1\n',
    ],
    [
      'bad line',
      ['start'],
      project({ Procfile: 'web: ok\nweb gunicorn app:app\n' }),
      'procman: Procfile:2: no colon after the process type\nhint: did you mean `web: gunicorn app:app`?\n',
    ],
    [
      'empty Procfile',
      ['start'],
      project({ Procfile: '# only a comment\n\n' }),
      'procman: Procfile: no processes defined (the file is empty or only comments)\nhint: add a line like `web: node server.js`\n',
    ],
    ['unknown command', ['stat'], ok, /^procman: unknown command 'stat'\n\(Did you mean start\?\)\n$/],
    ['unknown option', ['start', '--colour'], ok, /^procman: unknown option '--colour'/],
  ];
  for (const [name, args, cwd, expected] of cases) {
    it(name, async () => {
      const result = await procman(args, { cwd });
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      if (typeof expected === 'string') expect(result.stderr).toBe(expected);
      else expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    });
  }

  it('decodes a UTF-16 Procfile written by PowerShell', async () => {
    const text = Buffer.from('\ufeffweb: node -e "console.log(1)"\r\n', 'utf16le');
    const result = await procman(['check'], { cwd: project({ Procfile: text }) });
    expect(result).toMatchObject({ code: 0, stdout: 'valid procfile detected (web)\n' });
  });
});
