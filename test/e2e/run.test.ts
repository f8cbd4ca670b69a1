import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman, procman } from '../helpers/cli.js';
import { killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const RUN = fixture('e2e/run');
const env = { PORT: undefined, GREETING: undefined };

describe('procman run', () => {
  it('runs a process type with the env start gives its first instance, unprefixed', async () => {
    const result = await procman(['run', 'web'], { cwd: RUN, env });
    expect(result).toMatchObject({ code: 0, stdout: 'PORT=5000\nPS=web.1\nGREETING=hello from .env\n', stderr: '' });
  });

  it('gives a later type its own port, and honours -p', async () => {
    expect((await procman(['run', 'worker'], { cwd: RUN, env })).stdout).toBe('PORT=5100\nPS=worker.1\n');
    expect((await procman(['run', '-p', '9000', 'worker'], { cwd: RUN, env })).stdout).toBe('PORT=9100\nPS=worker.1\n');
  });

  it('returns the exit code of the process', async () => {
    expect((await procman(['run', 'fail'], { cwd: RUN, env })).code).toBe(5);
  });

  it('runs any command with the env files loaded, arguments kept apart, no PORT', async () => {
    const result = await procman(
      [
        'run',
        'node',
        '-e',
        'console.log(JSON.stringify(process.argv.slice(1)), process.env.GREETING, process.env.PORT)',
        'a b',
        '$HOME',
        "it's",
      ],
      {
        cwd: RUN,
        env,
      },
    );
    expect(result.stdout).toBe('["a b","$HOME","it\'s"] hello from .env undefined\n');
    expect(result.code).toBe(0);
  });

  it('takes -- before the command, passes stdin through and returns its code', async () => {
    const result = await procman(['run', '--', 'node', '../../bin/cat-stdin.js', '4'], { cwd: RUN, env, input: 'hello stdin\n' });
    expect(result).toMatchObject({ code: 4, stdout: 'hello stdin\n' });
  });

  it('says when a command does not exist, exit 127', async () => {
    const result = await procman(['run', 'procman-no-such-command', 'x'], { cwd: RUN, env });
    expect(result).toMatchObject({ code: 127, stdout: '', stderr: 'procman: command not found: procman-no-such-command\n' });
  });

  it('returns 128 + n when the command is killed by signal n', async () => {
    const result = await procman(['run', 'node', '../../bin/kill-self.js', 'SIGTERM'], { cwd: RUN, env });
    expect(result.code).toBe(143);
  });

  it('forwards SIGTERM to the command', async () => {
    const run = new Procman(['run', '--', 'node', '../../bin/slow-term.js', '0'], { cwd: RUN, env });
    await run.waitFor(/slow ready pid=/);
    run.signal('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('SIGTERM trapped');
  });

  it('lets the command take its time after a forwarded SIGTERM (no hidden SIGKILL after 5 s)', async () => {
    const run = new Procman(['run', '--', 'node', '../../bin/slow-term.js', '5600'], { cwd: RUN, env });
    await run.waitFor(/slow ready pid=/);
    run.signal('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('clean exit');
  });
});
