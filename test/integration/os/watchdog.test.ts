// The watchdog script, run by a real sh: what it does when procman's pipe
// closes without goodbye, and when it says goodbye.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startWatchdog, watchdogScript } from '../../../src/os/watchdog.js';
import { alive, assertGone, cmdline, isAlive, killTracked, track, until } from '../../helpers/process.js';

afterEach(() => {
  killTracked();
});

/** A process group of its own (a stand-in for one of procman's children), sleeping. */
function group(): number {
  const child = spawn('/bin/sh', ['-c', 'sleep 30 & exec sleep 30'], { detached: true, stdio: 'ignore' });
  const pid = child.pid ?? 0;
  track(pid);
  return pid;
}

function watchdog(timeoutSeconds = 1) {
  const child = spawn('/bin/sh', ['-c', watchdogScript({ timeoutSeconds, tag: `test-${process.pid}` })], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  track(child.pid ?? 0);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited };
}

describe('watchdogScript', () => {
  it('on end of file without goodbye, SIGTERMs every group it was told', async () => {
    const [a, b] = [group(), group()];
    const w = watchdog();
    w.child.stdin?.write(`${a}\n${b}\nnot-a-pid\n`);
    w.child.stdin?.end(); // procman died: the kernel closed its end
    await assertGone([a, b]);
    await expect(w.exited).resolves.toBe(0);
  });

  it('SIGKILLs a group that ignores SIGTERM after the timeout', async () => {
    const stubborn = spawn('/bin/sh', ['-c', "trap '' TERM; echo ready; while :; do sleep 0.1; done"], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const pid = stubborn.pid ?? 0;
    track(pid);
    await new Promise((resolve) => stubborn.stdout?.once('data', resolve));
    const w = watchdog(1);
    w.child.stdin?.end(`${pid}\n`);
    await w.exited;
    await assertGone([pid]);
  });

  it('on `exit`, leaves quietly: the groups live on', async () => {
    const a = group();
    const w = watchdog();
    w.child.stdin?.end(`${a}\nexit\n`);
    await expect(w.exited).resolves.toBe(0);
    await until(() => alive([a]).length === 1, 'the group to be alive still');
  });
});

describe('startWatchdog', () => {
  /** The watchdog's pids: its script names the run's tag. */
  const watchdogsOf = (tag: string) =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => (cmdline(Number(pid)) ?? '').includes(`PROCMAN_ID=${tag}`) && isAlive(Number(pid)));

  it('release() resolves once the watchdog is gone: nothing procman started outlives it', async () => {
    const tag = `release-${process.pid}-${Date.now()}`;
    const watchdog = startWatchdog({ timeoutMs: 1000, tag });
    await until(() => watchdogsOf(tag).length === 1, 'the watchdog to run');
    await watchdog.release();
    expect(watchdogsOf(tag)).toEqual([]);
  });
});
