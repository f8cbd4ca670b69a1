// --restart and --can-die: the dev loop where one crash does not stop everything.
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman, procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const LIFECYCLE = fixture('e2e/lifecycle');

describe('--restart', () => {
  it('restarts a failing type with a doubling backoff, keeping its name; the others run on; Ctrl-C during the wait exits 0', async () => {
    const run = new Procman(['start', '--no-timestamp', '-m', 'web=1,worker=1', '--restart', 'worker'], { cwd: LIFECYCLE });
    await run.waitFor(/worker\.1 +\| exited with code 1, restarting in 1 s \(attempt 1\)/);
    await run.waitFor(/worker\.1 +\| exited with code 1, restarting in 2 s \(attempt 2\)/);
    const worker = run.linesOf('worker.1');
    expect(worker.filter((l) => /^started with pid \d+$/.test(l))).toHaveLength(2);
    expect(worker.filter((l) => l === 'exiting with 1')).toHaveLength(2);
    expect(run.stdout).not.toContain('sending SIGTERM to all processes');
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.linesOf('web.1').at(-1)).toBe('terminated by SIGTERM');
    await assertGone(run.pids);
  });

  it('=always restarts after a clean exit too', async () => {
    const run = new Procman(['start', '--no-timestamp', '-m', 'web=1,migrate=1', '-f', 'Procfile', '--restart', 'migrate=always'], {
      cwd: LIFECYCLE,
    });
    await run.waitFor(/migrate\.1 +\| exited with code 2, restarting in 1 s \(attempt 1\)/);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses an unknown type or mode with one clear line', async () => {
    const unknown = await procman(['start', '--restart', 'wrker'], { cwd: LIFECYCLE });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('procman: unknown process type "wrker"; known: web, worker, migrate, done\n');
    const mode = await procman(['start', '--restart', 'worker=sometimes'], { cwd: LIFECYCLE });
    expect(mode.code).toBe(1);
    expect(mode.stderr).toContain('procman: invalid --restart "worker=sometimes": expected <type>, <type>=on-failure or <type>=always\n');
  });
});

describe('--can-die', () => {
  it('a one-shot task may exit (even failing) without stopping the others; its exit is reported', async () => {
    const run = new Procman(['start', '--no-timestamp', '-m', 'web=1,migrate=1', '--can-die', 'migrate'], { cwd: LIFECYCLE });
    await run.waitFor(/migrate\.1 +\| exited with code 2/);
    await run.waitFor(/web ready/);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    // web was stopped by the Ctrl-C, not by the task's exit
    const shutdown = run.stdout.indexOf('SIGINT received, starting shutdown');
    expect(shutdown).toBeGreaterThan(run.stdout.indexOf('migrate.1 | exited with code 2'));
    expect(run.stdout.indexOf('sending SIGTERM to all processes')).toBeGreaterThan(shutdown);
    await assertGone(run.pids);
  });

  it('when every process may die, the run ends with the last one, exiting with the first failure', async () => {
    const run = new Procman(['start', '--no-timestamp', '-m', 'worker=1,done=1', '--can-die', 'all'], { cwd: LIFECYCLE });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.linesOf('done.1')).toContain('exited with code 0');
    expect(run.stdout).not.toContain('sending SIGTERM');
  });
});
