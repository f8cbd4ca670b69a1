import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const EXIT = fixture('e2e/exit');
const SHUTDOWN = fixture('e2e/shutdown');

describe('exit codes', () => {
  it('exits with the first failing child’s code and stops the others', async () => {
    const run = new Procman(['start', '--no-timestamp'], { cwd: EXIT });
    expect(await run.exited).toEqual({ code: 3, signal: null });
    expect(run.linesOf('fail.1')).toContain('exited with code 3');
    expect(run.stdout).toContain('system    | sending SIGTERM to all processes');
    expect(run.linesOf('sleeper.1').at(-1)).toMatch(/^(terminated by SIGTERM|exited with code 0)$/);
    await assertGone(run.pids);
  });

  it('exits 0 when the first child to exit succeeded', async () => {
    const run = new Procman(['start', '-f', 'Procfile.clean'], { cwd: EXIT });
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.linesOf('done.1')).toContain('exited with code 0');
  });

  it('exits 128 + n when the first child was killed by signal n', async () => {
    const run = new Procman(['start', '-f', 'Procfile.signal'], { cwd: EXIT });
    expect(await run.exited).toEqual({ code: 137, signal: null });
    expect(run.linesOf('self.1')).toContain('terminated by SIGKILL');
  });

  it('shows the shell’s message for a missing command, exits 127 and stops the rest', async () => {
    const run = new Procman(['start', '-f', 'Procfile.notfound'], { cwd: EXIT });
    expect(await run.exited).toEqual({ code: 127, signal: null });
    expect(run.linesOf('web.1')).toContainEqual(expect.stringMatching(/procman-no-such-command: .*not found/));
    expect(run.linesOf('web.1')).toContain('exited with code 127');
    await assertGone(run.pids);
  });
});

describe('shutdown', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`stops every process and grandchild on ${signal}, exiting 0`, async () => {
      const run = new Procman(['start'], { cwd: SHUTDOWN });
      for (const label of [/web ready/, /worker ready/, /tree ready/, /background pid=/]) await run.waitFor(label);
      await run.waitFor(/grandchild pid=\d+[\s\S]*grandchild pid=\d+/);
      expect(run.pids).toHaveLength(4);
      expect(run.reported.length).toBeGreaterThanOrEqual(6);
      run.signal(signal);
      expect(await run.exited).toEqual({ code: 0, signal: null });
      expect(run.stdout).toContain(`${signal} received, starting shutdown`);
      expect(run.stdout).not.toContain('sending SIGKILL');
      await assertGone([...run.pids, ...run.reported]);
    });
  }

  it('kills a child that ignores SIGTERM after -t seconds', async () => {
    const run = new Procman(['start', '-f', 'Procfile.stubborn', '-t', '1'], { cwd: SHUTDOWN });
    await run.waitFor(/stubborn ready/);
    await run.waitFor(/web ready/);
    run.signal('SIGINT');
    await run.waitFor(/SIGTERM ignored/);
    await run.waitFor(/sending SIGKILL to stubborn\.1$/m);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.linesOf('stubborn.1')).toContain('terminated by SIGKILL');
    expect(run.stdout.indexOf('SIGTERM ignored')).toBeLessThan(run.stdout.indexOf('sending SIGKILL'));
    await assertGone([...run.pids, ...run.reported]);
  });

  it('waits for a child that takes time to stop instead of killing it early', async () => {
    const run = new Procman(['start', '-f', 'Procfile.slow', '-t', '10'], { cwd: SHUTDOWN });
    await run.waitFor(/slow ready/);
    await run.waitFor(/web ready/);
    run.signal('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.linesOf('slow.1')).toEqual(expect.arrayContaining(['clean exit', 'exited with code 0']));
    expect(run.stdout).not.toContain('SIGKILL');
  });

  it('kills at once on a second Ctrl-C', async () => {
    const run = new Procman(['start', '-f', 'Procfile.stubborn', '-t', '600'], { cwd: SHUTDOWN, timeoutMs: 20_000 });
    await run.waitFor(/stubborn ready/);
    await run.waitFor(/web ready/);
    run.signal('SIGINT');
    await run.waitFor(/SIGTERM ignored/);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout).toMatch(/SIGINT received again, killing at once\n.*sending SIGKILL to stubborn\.1/);
    await assertGone([...run.pids, ...run.reported]);
  });
});
