import { afterEach, describe, expect, it, vi } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';

/** A fake Io capturing what main writes. cwd points nowhere: these tests must not read files. */
function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    cwd: '/nonexistent/procman-unit-test',
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function run(argv: string[]) {
  const f = fakeIo();
  const code = await main(argv, f.io);
  return { code, stdout: f.stdout(), stderr: f.stderr() };
}

/** The commands listed in a help text, by the first word of each line under `Commands:`. */
const listedCommands = (help: string) =>
  (help.split('Commands:\n')[1] ?? '')
    .split('\n')
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((word): word is string => word !== undefined);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('main: help and version', () => {
  it('--help prints usage and every command on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.startsWith('Usage: procman [options] [command]\n')).toBe(true);
    expect(stdout).toContain('run the processes of a Procfile together, with one prefixed, coloured log');
    expect(listedCommands(stdout)).toEqual([
      'start',
      'run',
      'check',
      'status',
      'restart',
      'stop',
      'attach',
      'logs',
      'export',
      'completion',
      'help',
    ]);
    expect(stdout).toMatch(/^ {2}start \[options\] \[types\.\.\.\] +start the processes of the Procfile$/m);
    expect(stdout).toMatch(/^ {2}export \[options\] <format> <location> +write the configuration/m);
  });

  it('-h is --help', async () => {
    expect(await run(['-h'])).toEqual(await run(['--help']));
  });

  it('help is --help', async () => {
    const help = await run(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await run(['--help'])).stdout);
  });

  it('start --help lists its options', async () => {
    const { code, stdout } = await run(['start', '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: procman start [options] [types...]\n')).toBe(true);
    for (const option of [
      '-f, --procfile <path>',
      '-d, --root <dir>',
      '-e, --env <files>',
      '-m, --formation <spec>',
      '-p, --port <n>',
      '-t, --timeout <seconds>',
      '-c, --color',
      '--no-color',
      '--no-timestamp',
      '--format <format>',
      '--log-dir <dir>',
      '--mark-stderr',
      '-q, --quiet <types>',
      '--no-prefix',
      '--watch <type=paths>',
    ]) {
      expect(stdout).toContain(option);
    }
  });

  it.each([['--version'], ['-v']])('%s prints the package version, exit 0', async (flag) => {
    const { code, stdout, stderr } = await run([flag]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
    expect(stderr).toBe('');
  });

  it('no arguments: help on stderr, exit 1', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.startsWith('Usage: procman [options] [command]\n')).toBe(true);
    expect(listedCommands(stderr)).toEqual([
      'start',
      'run',
      'check',
      'status',
      'restart',
      'stop',
      'attach',
      'logs',
      'export',
      'completion',
      'help',
    ]);
  });
});

describe('main: completion', () => {
  it.each([['bash'], ['zsh'], ['fish']])(
    'completion %s prints a script with every command and its flags, not the hidden ones',
    async (shell) => {
      const { code, stdout, stderr } = await run(['completion', shell]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^(#compdef procman\n)?# procman completion for /);
      for (const word of [
        'start',
        'check',
        'export',
        'completion',
        '--no-timestamp',
        '--image',
        '--no-expand',
        'kubernetes',
        'restart',
        'attach',
      ]) {
        expect(stdout).toContain(word);
      }
      // the hidden helper flag is called by the script, never offered
      expect(stdout.match(/--types/g)?.length).toBe(stdout.match(/ completion --types /g)?.length);
    },
  );

  it('the bash script registers itself for procman', async () => {
    expect((await run(['completion', 'bash'])).stdout).toMatch(/\ncomplete -F _procman procman\n$/);
  });
});

describe('main: usage errors', () => {
  it('an unknown command', async () => {
    expect(await run(['frobnicate'])).toEqual({ code: 1, stdout: '', stderr: "procman: unknown command 'frobnicate'\n" });
  });

  it('a misspelt command gets a suggestion', async () => {
    expect(await run(['strat'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "procman: unknown command 'strat'\n(Did you mean start?)\n",
    });
  });

  it('an unknown option', async () => {
    expect(await run(['start', '--bogus'])).toEqual({ code: 1, stdout: '', stderr: "procman: unknown option '--bogus'\n" });
  });

  it('a missing argument', async () => {
    expect(await run(['export'])).toEqual({ code: 1, stdout: '', stderr: "procman: missing required argument 'format'\n" });
  });

  it('too many arguments', async () => {
    const { code, stderr } = await run(['check', 'extra']);
    expect(code).toBe(1);
    expect(stderr).toBe("procman: too many arguments for 'check'. Expected 0 arguments but got 1.\n");
  });
});

describe('main: command errors (before any file is read)', () => {
  it('run without a command: message and hint', async () => {
    expect(await run(['run'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'procman: run needs a process type or a command\nhint: procman run web, or procman run -- node -v\n',
    });
  });

  it('start with a bad timeout', async () => {
    expect(await run(['start', '-t', 'abc'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'procman: invalid timeout "abc": expected a number of seconds, 0 or more\nhint: for example -t 10\n',
    });
  });

  it.each([['-1'], [''], ['Infinity']])('start -t %j is rejected', async (value) => {
    const { code, stderr } = await run(['start', '-t', value]);
    expect(code).toBe(1);
    expect(stderr).toBe(`procman: invalid timeout "${value}": expected a number of seconds, 0 or more\nhint: for example -t 10\n`);
  });

  it.each([['xml'], ['NDJSON'], ['']])('start --format %j is rejected', async (value) => {
    expect(await run(['start', '--format', value])).toEqual({
      code: 1,
      stdout: '',
      stderr: `procman: invalid format "${value}" for --format: expected text or ndjson\nhint: for example --format ndjson\n`,
    });
  });

  it('start with a bad --watch: one line and a hint, before any file is read', async () => {
    expect(await run(['start', '--watch', 'src'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'procman: invalid --watch "src": expected <type>=<paths>, the paths comma-separated\n' +
        "hint: for example --watch web=src,lib or --watch 'worker=jobs/**/*.js'\n",
    });
    const repeated = await run(['start', '--watch', 'web=src', '--watch', 'worker=']);
    expect(repeated.stderr).toContain('procman: invalid --watch "worker=": expected <type>=<paths>');
  });

  it('export to an unknown format', async () => {
    expect(await run(['export', 'nosuch', '/tmp/out'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'procman: unknown export format "nosuch"\nhint: use one of: systemd, supervisord, launchd, runit, compose, kubernetes\n',
    });
  });
});

describe('main: never exits the process', () => {
  it('returns codes instead of calling process.exit', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit called');
    }) as typeof process.exit);
    for (const argv of [['--help'], ['--version'], [], ['frobnicate'], ['start', '--bogus'], ['run']]) {
      await expect(main(argv, fakeIo().io)).resolves.toEqual(expect.any(Number));
    }
    expect(exit).not.toHaveBeenCalled();
  });

  it('writes nothing to the real stdout or stderr', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    await main(['--help'], fakeIo().io);
    await main(['frobnicate'], fakeIo().io);
    await main([], fakeIo().io);
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
  });
});
