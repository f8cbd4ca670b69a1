// --tty: processes on a pseudo-terminal behave as at a terminal: colour when isatty(1), and
// Python line-buffered even without PYTHONUNBUFFERED.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const TTY = fixture('e2e/tty');
const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'pass'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('--tty', () => {
  it('a child that colours only on a terminal shows its colour; without --tty it prints plain', async () => {
    const onTty = new Procman(['start', '--no-timestamp', '--no-color', '--no-control', '--tty', '-m', 'colour=1'], { cwd: TTY });
    await onTty.waitFor(/colour\.1 +\| \x1b\[31mred on a terminal\x1b\[0m/);
    onTty.signal('SIGINT');
    expect(await onTty.exited).toEqual({ code: 0, signal: null });
    await assertGone(onTty.pids);

    const onPipe = new Procman(['start', '--no-timestamp', '--no-color', '--no-control', '-m', 'colour=1'], { cwd: TTY });
    await onPipe.waitFor(/colour\.1 +\| plain on a pipe/);
    onPipe.signal('SIGINT');
    expect(await onPipe.exited).toEqual({ code: 0, signal: null });
  });

  it.skipIf(!hasPython)('a Python child without PYTHONUNBUFFERED shows its lines live', async () => {
    // an empty PYTHONUNBUFFERED is kept as it is (procman adds 1 only when it is unset), and Python reads it as unset
    const run = new Procman(['start', '--no-timestamp', '--no-control', '--tty', 'py', '-m', 'py=1'], {
      cwd: TTY,
      env: { ...process.env, PYTHONUNBUFFERED: '' },
    });
    await run.waitFor(/py\.1 +\| python says hello/);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });
});
