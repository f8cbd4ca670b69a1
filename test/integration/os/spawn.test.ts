// The real seams below the runtime, against real processes: spawnShell and
// createProcessControl. (Unit tests never spawn; these exist to.)
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessControl } from '../../../src/os/control.js';
import { spawnShell } from '../../../src/os/spawn.js';
import type { StreamName } from '../../../src/runtime/events.js';
import type { ChildHandle } from '../../../src/runtime/seams.js';
import { alive, assertGone, killTracked, track, until } from '../../helpers/process.js';

afterEach(() => {
  killTracked();
});

/** Spawns `command`, collecting its output per stream and which streams ended. */
function run(command: string, env: Record<string, string> = {}) {
  const out: Record<StreamName, Buffer[]> = { stdout: [], stderr: [] };
  const ended: StreamName[] = [];
  const handle: ChildHandle = spawnShell(
    { command, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, cwd: '/' },
    { data: (stream, chunk) => out[stream].push(chunk), end: (stream) => ended.push(stream) },
  );
  if (handle.pid) track(handle.pid);
  const text = (stream: StreamName) => Buffer.concat(out[stream]).toString();
  return { handle, text, ended, exit: handle.exit };
}

const pgrpOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};

describe('spawnShell', () => {
  it('runs the command under sh -c in the cwd and env given; both streams arrive and end', async () => {
    const child = run('echo "out $GREETING"; pwd; echo err >&2', { GREETING: 'hello' });
    await expect(child.exit).resolves.toEqual({ code: 0, signal: null });
    await until(() => child.ended.length === 2, 'both streams to end');
    expect(child.text('stdout')).toBe('out hello\n/\n');
    expect(child.text('stderr')).toBe('err\n');
  });

  it('the child leads a process group of its own', async () => {
    const child = run('exec sleep 30');
    const pid = child.handle.pid ?? 0;
    expect(pgrpOf(pid)).toBe(pid);
    expect(pgrpOf(pid)).not.toBe(pgrpOf(process.pid));
  });

  it('stdin is /dev/null: a reader sees end of file at once', async () => {
    const child = run('cat; echo "cat done"');
    await expect(child.exit).resolves.toEqual({ code: 0, signal: null });
    await until(() => child.ended.length === 2, 'both streams to end');
    expect(child.text('stdout')).toBe('cat done\n');
  });

  it('reports the exit code, and the signal that killed a single command (exec: the program leads the group)', async () => {
    await expect(run('exit 3').exit).resolves.toEqual({ code: 3, signal: null });
    await expect(run('kill -TERM $$').exit).resolves.toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('a command the shell cannot find exits 127 with the shell message', async () => {
    const child = run('no-such-command-procman');
    await expect(child.exit).resolves.toEqual({ code: 127, signal: null });
    await until(() => child.ended.length === 2, 'both streams to end');
    expect(child.text('stderr')).toContain('not found');
  });

  it('detach stops reading: both streams end although the process still holds them', async () => {
    const child = run('echo ready; exec sleep 30');
    await until(() => child.text('stdout') === 'ready\n', 'the ready line');
    child.handle.detach();
    expect(child.ended.sort()).toEqual(['stderr', 'stdout']);
    expect(alive([child.handle.pid ?? 0])).toHaveLength(1);
  });
});

describe('createProcessControl', () => {
  const control = createProcessControl();

  it('signalGroup reaches every process of the group; groupAlive follows it', async () => {
    const child = run('sleep 30 & sleep 30 & wait');
    const pid = child.handle.pid ?? 0;
    expect(control.groupAlive(pid)).toBe(true);
    control.signalGroup(pid, 'SIGTERM');
    await expect(child.exit).resolves.toMatchObject({ signal: 'SIGTERM' });
    await until(() => !control.groupAlive(pid), 'the group to be empty');
  });

  it('signalGroup on a group that is gone is not an error', async () => {
    const child = run('exit 0');
    await child.exit;
    await until(() => !control.groupAlive(child.handle.pid ?? 0), 'the group to be empty');
    expect(() => control.signalGroup(child.handle.pid ?? 0, 'SIGTERM')).not.toThrow();
  });

  it('signalTree kills descendants that left the group while their parent lives', async () => {
    // the grandchild runs in a group of its own (setsid) but is still linked to its parent
    const child = run('setsid sleep 31 & echo "gc $!"; wait');
    await until(() => /gc \d+/.test(child.text('stdout')), 'the grandchild pid');
    const grandchild = Number(/gc (\d+)/.exec(child.text('stdout'))?.[1]);
    track(grandchild);
    await until(() => alive([grandchild]).length === 1 && pgrpOf(grandchild) === grandchild, 'the grandchild to lead its own group');
    await control.signalTree(child.handle.pid ?? 0, 'SIGKILL');
    await assertGone([grandchild, child.handle.pid ?? 0]);
  });

  it('with a run tag, finds and signals the processes that left every known group', async () => {
    const tag = `test.${process.pid}.${Date.now()}`;
    const tagged = createProcessControl({ tag });
    const child = run('setsid sleep 32 & echo "gc $!"; exec sleep 30', { PROCMAN_ID: tag });
    await until(() => /gc \d+/.test(child.text('stdout')), 'the grandchild pid');
    const grandchild = Number(/gc (\d+)/.exec(child.text('stdout'))?.[1]);
    track(grandchild);
    const groups = [child.handle.pid ?? 0];
    await until(() => tagged.escapedAlive?.(groups) === true, 'the escaped grandchild to be found');
    expect(tagged.signalEscaped?.(groups, 'SIGKILL')).toBe(1);
    await assertGone([grandchild]);
    expect(tagged.escapedAlive?.(groups)).toBe(false);
  });
});
