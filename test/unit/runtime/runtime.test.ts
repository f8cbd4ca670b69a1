import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessSpec } from '../../../src/project/ports.js';
import { lifecyclePolicies, type Policy } from '../../../src/runtime/policies/index.js';
import { Runtime } from '../../../src/runtime/runtime.js';
import { fakeControl, fakeOutput, fakeSignals, fakeSpawn } from './fakes.js';

const spec = (name: string, command = `run ${name}`): ProcessSpec => ({
  name,
  type: name.split('.')[0] ?? name,
  instance: 1,
  command,
  port: 5000,
  env: { PS: name },
});

const SPECS = [spec('web.1'), spec('worker.1'), spec('clock.1')];

/** Lets promise chains (exit.then, signalTree().then) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

interface SetupOptions {
  timeoutMs?: number;
  throwFor?: Map<string, Error>;
  pollMs?: number;
  graceMs?: number;
  policies?: readonly Policy[];
}

function setup(options: SetupOptions = {}) {
  const sp = fakeSpawn({ throwFor: options.throwFor });
  const ctl = fakeControl();
  const sig = fakeSignals();
  const out = fakeOutput();
  let runtime: Runtime | undefined;
  let code: number | undefined;
  const run = (specs: ProcessSpec[] = SPECS) => {
    runtime = new Runtime(specs, {
      spawn: sp.spawn,
      control: ctl.control,
      signals: sig.signals,
      output: out.output,
      cwd: '/app',
      timeoutMs: options.timeoutMs ?? 5000,
      pollMs: options.pollMs,
      graceMs: options.graceMs,
      policies: options.policies,
      now: () => 1_000,
    });
    const done = runtime.run().then((c) => {
      code = c;
      return c;
    });
    return done;
  };
  const started = () => {
    if (!runtime) throw new Error('run() first');
    return runtime;
  };
  return { runtime: started, ...sp, ...ctl, ...sig, ...out, run, code: () => code };
}

const TERM = { code: null, signal: 'SIGTERM' as const };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------- tests

describe('Runtime: start', () => {
  it('starts every process in order, with its command, env and the cwd', () => {
    const t = setup();
    void t.run();
    expect(t.children.map((c) => c.request)).toEqual([
      { command: 'run web.1', env: { PS: 'web.1' }, cwd: '/app', name: 'web.1' },
      { command: 'run worker.1', env: { PS: 'worker.1' }, cwd: '/app', name: 'worker.1' },
      { command: 'run clock.1', env: { PS: 'clock.1' }, cwd: '/app', name: 'clock.1' },
    ]);
    expect(t.lines()).toEqual(['web.1 started 101', 'worker.1 started 102', 'clock.1 started 103']);
    expect(t.subscribed()).toBe(true);
    expect(t.calls).toEqual([]);
  });

  it('resolves 0 at once with nothing to run', async () => {
    const t = setup();
    await expect(t.run([])).resolves.toBe(0);
    expect(t.lines()).toEqual([]);
    expect(t.unsubscribe).toHaveBeenCalledTimes(1);
  });
});

describe('Runtime: output', () => {
  it('attributes lines per process', () => {
    const t = setup();
    void t.run();
    const [web, worker] = t.children;
    web?.write('stdout', 'listening\n');
    worker?.write('stdout', 'job 1\njob 2\n');
    web?.write('stderr', 'warning\n');
    expect(t.lines().slice(3)).toEqual(['web.1 | listening\n', 'worker.1 | job 1\njob 2\n', 'web.1 | warning\n']);
  });

  it('keeps stdout and stderr partial lines apart', () => {
    const t = setup();
    void t.run();
    const web = t.children[0];
    web?.write('stdout', 'hel');
    web?.write('stderr', 'err');
    web?.write('stderr', 'or\n');
    web?.write('stdout', 'lo\n');
    expect(t.lines().slice(3)).toEqual(['web.1 | error\n', 'web.1 | hello\n']);
  });

  it('completes a partial line when its stream ends', () => {
    const t = setup();
    void t.run();
    const web = t.children[0];
    web?.write('stdout', 'a\nno newline');
    web?.close('stdout');
    expect(t.lines().slice(3)).toEqual(['web.1 | a\n', 'web.1 | no newline\n']);
  });

  it('cuts lines longer than lineCap and marks the continuation', () => {
    const sp = fakeSpawn();
    const out = fakeOutput();
    const runtime = new Runtime([spec('web.1')], {
      spawn: sp.spawn,
      control: fakeControl().control,
      signals: fakeSignals().signals,
      output: out.output,
      cwd: '/',
      timeoutMs: 1000,
      lineCap: 4,
    });
    void runtime.run();
    sp.children[0]?.write('stdout', 'abcdef');
    sp.children[0]?.write('stdout', 'gh\n');
    expect(out.lines().slice(1)).toEqual(['web.1 | abcdef\n', 'web.1 + gh\n']);
  });
});

describe('Runtime: the first exit stops everything', () => {
  it('SIGTERMs every group, then exits with the first exit code', async () => {
    const t = setup();
    const done = t.run();
    const [web, worker, clock] = t.children;
    web?.finish({ code: 2, signal: null });
    await settle();
    // the exit line first, then the shutdown it causes (Foreman's order)
    expect(t.lines().slice(3)).toEqual(['web.1 exited with code 2', 'system sending SIGTERM to all processes']);
    // the exited leader's group is empty (groupAlive false), so only the others are signalled
    expect(t.calls).toEqual(['group 102 SIGTERM', 'group 103 SIGTERM']);
    expect(t.code()).toBeUndefined();
    worker?.finish(TERM);
    clock?.finish({ code: 0, signal: null });
    await expect(done).resolves.toBe(2);
    expect(t.lines().slice(5)).toEqual(['worker.1 terminated by SIGTERM', 'clock.1 exited with code 0']);
    expect(t.lines().filter((l) => l.includes('SIGTERM to all'))).toHaveLength(1);
    expect(t.unsubscribe).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('prints the exit line before `sending SIGTERM` when the streams are already closed (Foreman order)', async () => {
    const t = setup();
    void t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 2, signal: null });
    await settle();
    expect(t.lines().slice(2)).toEqual(['web.1 exited with code 2', 'system sending SIGTERM to all processes']);
  });

  it.each([
    [{ code: 2, signal: null }, 2],
    [{ code: 1, signal: null }, 1],
    [{ code: 0, signal: null }, 0],
    [{ code: 127, signal: null }, 127],
    [{ code: null, signal: 'SIGTERM' as const }, 143],
    [{ code: null, signal: 'SIGKILL' as const }, 137],
    [{ code: null, signal: 'SIGINT' as const }, 130],
    [{ code: null, signal: null }, 1],
  ])('first exit %j -> exit code %i', async (status, expected) => {
    const t = setup();
    const done = t.run();
    t.children[1]?.finish(status);
    await settle();
    t.children[0]?.finish({ code: 9, signal: null });
    t.children[2]?.finish(TERM);
    await expect(done).resolves.toBe(expected);
  });

  it('a process failing to start asynchronously (ENOENT) decides the code', async () => {
    const t = setup();
    const done = t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 127, signal: null, error: 'ENOENT: spawn /bin/sh ENOENT' });
    await expect(done).resolves.toBe(127);
    expect(t.lines()[0]).toBe('web.1 started 101');
    // the only process is done: nothing is left to SIGTERM
    expect(t.lines().slice(1)).toEqual(['web.1 failed to start: ENOENT: spawn /bin/sh ENOENT']);
  });

  it('later exits do not change the code', async () => {
    const t = setup();
    const done = t.run();
    t.children[2]?.finish({ code: 3, signal: null });
    await settle();
    t.children[0]?.finish({ code: 0, signal: null });
    t.children[1]?.finish({ code: 1, signal: null });
    await expect(done).resolves.toBe(3);
  });
});

describe('Runtime: signals', () => {
  it('SIGINT from the user: shutdown, exit code 0 whatever the children say', async () => {
    const t = setup();
    const done = t.run();
    t.send('SIGINT');
    expect(t.lines().slice(3)).toEqual(['system SIGINT received, starting shutdown', 'system sending SIGTERM to all processes']);
    expect(t.calls).toEqual(['group 101 SIGTERM', 'group 102 SIGTERM', 'group 103 SIGTERM']);
    t.children[0]?.finish({ code: 130, signal: null });
    t.children[1]?.finish(TERM);
    t.children[2]?.finish({ code: 1, signal: null });
    await expect(done).resolves.toBe(0);
  });

  it.each([['SIGTERM'], ['SIGHUP']] as const)('%s from outside: shutdown, exit code 0', async (signal) => {
    const t = setup();
    const done = t.run([spec('web.1')]);
    t.send(signal);
    expect(t.lines()[1]).toBe(`system ${signal} received, starting shutdown`);
    t.children[0]?.finish(TERM);
    await expect(done).resolves.toBe(0);
  });

  it('a second signal kills at once, trees then groups', async () => {
    const t = setup();
    const done = t.run();
    t.send('SIGINT');
    t.children[0]?.finish(TERM);
    await settle();
    t.calls.length = 0;
    t.send('SIGINT');
    await settle();
    expect(t.lines().slice(-2)).toEqual(['system SIGINT received again, killing at once', 'system sending SIGKILL to worker.1, clock.1']);
    expect(t.calls).toEqual(['tree 102 SIGKILL', 'tree 103 SIGKILL', 'group 102 SIGKILL', 'group 103 SIGKILL']);
    t.calls.length = 0;
    t.send('SIGINT'); // a third kills again: something may have escaped since
    await settle();
    expect(t.lines().slice(-2)).toEqual(['system SIGINT received again, killing at once', 'system sending SIGKILL to worker.1, clock.1']);
    expect(t.calls).toEqual(['tree 102 SIGKILL', 'tree 103 SIGKILL', 'group 102 SIGKILL', 'group 103 SIGKILL']);
    t.children[1]?.finish({ code: null, signal: 'SIGKILL' });
    t.children[2]?.finish({ code: null, signal: 'SIGKILL' });
    await expect(done).resolves.toBe(0);
  });

  it('a signal during a shutdown caused by an exit kills, and keeps the exit code', async () => {
    const t = setup();
    const done = t.run();
    t.children[0]?.finish({ code: 3, signal: null });
    await settle();
    t.send('SIGTERM');
    await settle();
    expect(t.lines()).toContain('system SIGTERM received again, killing at once');
    expect(t.lines()).toContain('system sending SIGKILL to worker.1, clock.1');
    t.children[1]?.finish({ code: null, signal: 'SIGKILL' });
    t.children[2]?.finish({ code: null, signal: 'SIGKILL' });
    await expect(done).resolves.toBe(3);
  });
});

describe('Runtime: SIGKILL after the timeout', () => {
  it('kills what is still alive after timeoutMs, not before', async () => {
    const t = setup({ timeoutMs: 5000 });
    const done = t.run();
    t.children[0]?.finish({ code: 1, signal: null });
    await settle();
    t.children[1]?.finish(TERM);
    await settle();
    t.calls.length = 0;
    await vi.advanceTimersByTimeAsync(4999);
    expect(t.calls).toEqual([]);
    expect(t.lines().some((l) => l.includes('SIGKILL'))).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(t.lines()).toContain('system sending SIGKILL to clock.1');
    expect(t.calls).toEqual(['tree 103 SIGKILL', 'group 103 SIGKILL']);
    t.children[2]?.finish({ code: null, signal: 'SIGKILL' });
    await expect(done).resolves.toBe(1);
    expect(t.lines().at(-1)).toBe('clock.1 terminated by SIGKILL');
  });

  it('no SIGKILL when everything stopped in time, and no timer left', async () => {
    const t = setup({ timeoutMs: 5000 });
    const done = t.run();
    t.send('SIGINT');
    for (const child of t.children) child.finish(TERM);
    await expect(done).resolves.toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.calls.filter((c) => c.includes('SIGKILL'))).toEqual([]);
  });

  it('a timeout of 0 kills on the next turn', async () => {
    const t = setup({ timeoutMs: 0 });
    void t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.calls).toEqual(['group 102 SIGTERM']);
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(t.calls).toEqual(['group 102 SIGTERM', 'tree 102 SIGKILL', 'group 102 SIGKILL']);
  });

  it('a SIGKILL whose tree-kill fails still signals the group', async () => {
    const t = setup({ timeoutMs: 100 });
    t.control.signalTree = (pid, signal) => {
      t.calls.push(`tree ${pid} ${signal}`);
      return Promise.reject(new Error('ps not found'));
    };
    void t.run([spec('web.1')]);
    t.send('SIGINT');
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(t.calls).toEqual(['group 101 SIGTERM', 'tree 101 SIGKILL', 'group 101 SIGKILL']);
  });
});

describe('Runtime: when a process is done', () => {
  it('prints the exit line only after both streams closed', async () => {
    const t = setup();
    const done = t.run([spec('web.1')]);
    const web = t.children[0];
    web?.write('stdout', 'last words');
    web?.exitWith({ code: 0, signal: null });
    await settle();
    expect(t.lines()).toEqual(['web.1 started 101', 'system sending SIGTERM to all processes']);
    web?.write('stdout', ' from a grandchild\n');
    web?.close('stdout');
    await settle();
    expect(t.lines().filter((l) => l.includes('exited'))).toEqual([]);
    web?.close('stderr');
    await expect(done).resolves.toBe(0);
    expect(t.lines().slice(2)).toEqual(['web.1 | last words from a grandchild\n', 'web.1 exited with code 0']);
  });

  it('waits, polling, while the group lives on after its leader exited', async () => {
    const t = setup({ pollMs: 20 });
    t.alive.add(101);
    const done = t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 0, signal: null });
    await settle();
    // the group lives on: it is signalled, and the exit line comes before the shutdown
    expect(t.lines().slice(1)).toEqual(['web.1 exited with code 0', 'system sending SIGTERM to all processes']);
    expect(t.calls).toEqual(['group 101 SIGTERM']);
    await vi.advanceTimersByTimeAsync(200);
    expect(t.code()).toBeUndefined(); // polls (2, 4, 8, 16, then every 20 ms) see the group alive
    t.alive.delete(101);
    await vi.advanceTimersByTimeAsync(20); // the next poll, at most pollMs later, sees it gone
    await settle();
    expect(t.code()).toBe(0);
    await done;
    expect(t.lines().filter((l) => l.includes('exited'))).toHaveLength(1);
  });

  it('SIGKILLs a group whose members outlive the leader and ignore SIGTERM', async () => {
    const t = setup({ timeoutMs: 1000 });
    t.alive.add(101);
    const done = t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 1, signal: null });
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(t.lines()).toContain('system sending SIGKILL to web.1');
    expect(t.calls).toEqual(['group 101 SIGTERM', 'tree 101 SIGKILL', 'group 101 SIGKILL']);
    t.alive.delete(101);
    await vi.advanceTimersByTimeAsync(20);
    await expect(done).resolves.toBe(1);
  });

  it('stops reading a pipe an escaped process holds, graceMs after SIGKILL', async () => {
    const t = setup({ timeoutMs: 1000, graceMs: 2000 });
    const done = t.run([spec('web.1')]);
    const web = t.children[0];
    web?.close('stderr');
    web?.exitWith({ code: 1, signal: null }); // stdout stays open: a daemon holds it
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(t.lines()).toContain('system sending SIGKILL to web.1');
    await vi.advanceTimersByTimeAsync(1999);
    expect(web?.detaches).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(web?.detaches).toBe(1);
    await expect(done).resolves.toBe(1);
    expect(t.lines().slice(-2)).toEqual([
      'system web.1 exited but a process outside its group still holds its output; no longer reading it',
      'web.1 exited with code 1',
    ]);
  });
});

describe('Runtime: after SIGKILL, a group slow to die', () => {
  // abandonPipes looks again every grace period while anything is left
  it('abandons a held pipe once the group dies, even after the first grace period', async () => {
    const t = setup({ timeoutMs: 100, graceMs: 500 });
    t.alive.add(101);
    const done = t.run([spec('web.1')]);
    const web = t.children[0];
    web?.close('stderr');
    web?.exitWith({ code: 1, signal: null }); // stdout held by an escaped daemon
    await vi.advanceTimersByTimeAsync(100); // SIGKILL
    await settle();
    await vi.advanceTimersByTimeAsync(500); // grace: the group is still alive
    await settle();
    expect(web?.detaches).toBe(0);
    t.alive.delete(101); // now the group is gone, the daemon still holds stdout
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(web?.detaches).toBe(1);
    await expect(done).resolves.toBe(1);
  });
});

describe('Runtime: spawn failures', () => {
  it('a spawn that throws is an exit with the error', async () => {
    const t = setup({ throwFor: new Map([['run web.1', Object.assign(new Error('spawn EAGAIN'), { code: 'EAGAIN' })]]) });
    await expect(t.run([spec('web.1')])).resolves.toBe(1);
    expect(t.lines().filter((l) => l !== 'system sending SIGTERM to all processes')).toEqual([
      'web.1 failed to start: could not start (EAGAIN)',
    ]);
    expect(t.calls).toEqual([]);
  });

  it('a spawn that throws stops the processes already started and skips the rest', async () => {
    const t = setup({ throwFor: new Map([['run worker.1', new Error('boom')]]) });
    const done = t.run();
    expect(t.children.map((c) => c.request.command)).toEqual(['run web.1']);
    expect(t.lines()[0]).toBe('web.1 started 101');
    expect(t.lines().slice(1).sort()).toEqual([
      'system sending SIGTERM to all processes',
      'worker.1 failed to start: could not start (Error)',
    ]);
    expect(t.calls).toEqual(['group 101 SIGTERM']);
    t.children[0]?.finish(TERM);
    await expect(done).resolves.toBe(1);
  });
});

describe('Runtime: spawn errors never repeat the environment', () => {
  it('reports the error code, not the message (which may quote a secret)', async () => {
    const error = Object.assign(
      new TypeError("The property 'options.env['SECRET']' must be a string without null bytes. Received 'hunter2'"),
      {
        code: 'ERR_INVALID_ARG_VALUE',
      },
    );
    const t = setup({ throwFor: new Map([['run web.1', error]]) });
    await expect(t.run([spec('web.1')])).resolves.toBe(1);
    expect(t.lines()).toEqual(['web.1 failed to start: could not start (ERR_INVALID_ARG_VALUE)']);
  });
});

describe('Runtime: stop(cause)', () => {
  it('prints the reason, SIGTERMs everything, exits 0', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.runtime().stop('output-closed');
    expect(t.lines().slice(2)).toEqual(['system output closed, stopping', 'system sending SIGTERM to all processes']);
    expect(t.calls).toEqual(['group 101 SIGTERM', 'group 102 SIGTERM']);
    t.runtime().stop('stop');
    expect(t.lines()).not.toContain('system stop requested, starting shutdown');
    for (const child of t.children) child.finish(TERM);
    await expect(done).resolves.toBe(0);
  });

  it('is ignored once a shutdown is under way', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 4, signal: null });
    await settle();
    t.runtime().stop('output-closed');
    expect(t.lines()).not.toContain('system output closed, stopping');
    t.children[1]?.finish(TERM);
    await expect(done).resolves.toBe(4);
  });
});

describe('Runtime: backpressure', () => {
  it('pauses every child when the sink is full, resumes them on drain', async () => {
    const t = setup();
    void t.run([spec('web.1'), spec('worker.1')]);
    const [web, worker] = t.children;
    t.setAccept((e) => !(e.kind === 'line' && e.bytes.toString() === 'flood\n'));
    web?.write('stdout', 'flood\n');
    expect(web?.paused).toBe(true);
    expect(worker?.paused).toBe(true);
    expect(t.drains).toHaveLength(1);
    // more refusals while paused do not ask again
    worker?.write('stdout', 'flood\n');
    expect(t.drains).toHaveLength(1);
    expect(web?.pauses).toBe(1);
    t.drains[0]?.();
    expect(web?.paused).toBe(false);
    expect(worker?.paused).toBe(false);
    expect(worker?.resumes).toBe(1);
    // and it can happen again
    web?.write('stdout', 'flood\n');
    expect(web?.paused).toBe(true);
    expect(t.drains).toHaveLength(2);
  });

  it('a child started while paused starts paused', () => {
    const t = setup();
    t.setAccept((e) => !(e.kind === 'state' && e.to === 'running' && e.name === 'web.1'));
    void t.run([spec('web.1'), spec('worker.1')]);
    expect(t.children.map((c) => c.paused)).toEqual([true, true]);
    t.drains[0]?.();
    expect(t.children.map((c) => c.paused)).toEqual([false, false]);
  });

  it('a system line refused by the sink pauses the children too', () => {
    const t = setup();
    void t.run([spec('web.1')]);
    t.setAccept((e) => e.kind !== 'shutdown');
    t.send('SIGINT');
    expect(t.children[0]?.paused).toBe(true);
    expect(t.calls).toEqual(['group 101 SIGTERM']);
  });

  it('does not abandon pipes while paused: waits for the reader', async () => {
    const t = setup({ timeoutMs: 100, graceMs: 500 });
    const done = t.run([spec('web.1')]);
    const web = t.children[0];
    web?.close('stderr');
    web?.exitWith({ code: 1, signal: null });
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    t.setAccept(() => false);
    web?.write('stdout', 'slow reader\n');
    await vi.advanceTimersByTimeAsync(500);
    expect(web?.detaches).toBe(0);
    t.setAccept(() => true);
    t.drains[0]?.();
    await vi.advanceTimersByTimeAsync(500);
    await settle();
    expect(web?.detaches).toBe(1);
    await expect(done).resolves.toBe(1);
  });
});

describe('Runtime: processes that left their group (setsid)', () => {
  /** A control that also knows escaped processes: `escaped` holds their pids while alive. */
  function withEscapees(t: ReturnType<typeof setup>, escaped: Set<number>) {
    t.control.signalEscaped = (groups, signal) => {
      t.calls.push(`escaped [${groups.join(',')}] ${signal}`);
      if (signal === 'SIGKILL') {
        const n = escaped.size;
        escaped.clear();
        return n;
      }
      return escaped.size;
    };
    t.control.escapedAlive = () => escaped.size > 0;
  }

  it('SIGTERMs them with the groups, waits for them, SIGKILLs them at the timeout', async () => {
    const t = setup({ timeoutMs: 1000, pollMs: 20 });
    const escaped = new Set([900]);
    withEscapees(t, escaped);
    const done = t.run([spec('web.1')]);
    t.send('SIGTERM');
    expect(t.calls).toEqual(['escaped [101] SIGTERM', 'group 101 SIGTERM']);
    expect(t.lines()).toContain('system sending SIGTERM to 1 process that left their group');
    t.children[0]?.finish(TERM);
    await vi.advanceTimersByTimeAsync(500);
    expect(t.code()).toBeUndefined(); // the escaped process still lives
    await vi.advanceTimersByTimeAsync(500);
    await settle();
    expect(t.calls).toContain('escaped [101] SIGKILL');
    expect(t.lines()).toContain('system sending SIGKILL to 1 process that left their group');
    await vi.advanceTimersByTimeAsync(20);
    await expect(done).resolves.toBe(0);
  });

  it('finishes as soon as they are gone, before the timeout', async () => {
    const t = setup({ timeoutMs: 5000, pollMs: 20 });
    const escaped = new Set([900, 901]);
    withEscapees(t, escaped);
    const done = t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 0, signal: null });
    await settle();
    expect(t.lines()).toContain('system sending SIGTERM to 2 processes that left their group');
    expect(t.code()).toBeUndefined();
    escaped.clear(); // they obeyed the SIGTERM
    await vi.advanceTimersByTimeAsync(20);
    await expect(done).resolves.toBe(0);
    expect(t.calls.filter((c) => c.includes('SIGKILL'))).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says nothing of them when there are none', async () => {
    const t = setup();
    withEscapees(t, new Set());
    const done = t.run([spec('web.1')]);
    t.send('SIGINT');
    t.children[0]?.finish(TERM);
    await expect(done).resolves.toBe(0);
    expect(t.lines().filter((l) => l.includes('left their group'))).toEqual([]);
  });
});

describe('Runtime: scripted histories', () => {
  it('an exit during start-up is handled once every process has started', async () => {
    const t = setup();
    const done = t.run();
    // web's exit arrives while the others are still being spawned (exit promises settle after the loop)
    t.children[0]?.finish({ code: 5, signal: null });
    expect(t.children).toHaveLength(3);
    await settle();
    expect(t.lines()).toEqual([
      'web.1 started 101',
      'worker.1 started 102',
      'clock.1 started 103',
      'web.1 exited with code 5',
      'system sending SIGTERM to all processes',
    ]);
    expect(t.calls).toEqual(['group 102 SIGTERM', 'group 103 SIGTERM']);
    t.children[1]?.finish(TERM);
    t.children[2]?.finish(TERM);
    await expect(done).resolves.toBe(5);
  });

  it('output paused by backpressure while a process exits: the exit is reported, the run ends after the drain', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    const [web, worker] = t.children;
    t.setAccept(() => false); // the terminal stops reading
    web?.write('stdout', 'last words\n');
    expect(web?.paused).toBe(true);
    web?.finish({ code: 3, signal: null });
    await settle();
    // decided and signalled while paused: shutdown does not wait for the reader
    expect(t.calls).toEqual(['group 102 SIGTERM']);
    expect(t.lines().slice(2)).toEqual(['web.1 | last words\n', 'web.1 exited with code 3', 'system sending SIGTERM to all processes']);
    worker?.finish(TERM);
    await expect(done).resolves.toBe(3);
    // the reader comes back: everything resumes, nothing was asked twice
    expect(t.drains).toHaveLength(1);
    t.setAccept(() => true);
    t.drains[0]?.();
    expect(worker?.resumes).toBe(1);
  });

  it('a state change is an event with from, to, pid, status and time', async () => {
    const t = setup();
    const done = t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 0, signal: null });
    await done;
    expect(t.events.filter((e) => e.kind === 'state')).toEqual([
      { kind: 'state', name: 'web.1', from: 'starting', to: 'running', pid: 101, at: 1_000 },
      { kind: 'state', name: 'web.1', from: 'running', to: 'exited', pid: 101, status: { code: 0, signal: null }, at: 1_000 },
    ]);
    expect(t.events.filter((e) => e.kind === 'shutdown')).toEqual([
      { kind: 'shutdown', phase: 'begin', cause: 'exit', name: 'web.1', at: 1_000 },
    ]);
  });

  it('processes being stopped move to stopping; the shutdown steps are events', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.send('SIGTERM');
    expect(
      t
        .runtime()
        .status()
        .map((s) => s.state),
    ).toEqual(['stopping', 'stopping']);
    expect(t.events.filter((e) => e.kind === 'shutdown').map(({ at, ...step }) => step)).toEqual([
      { kind: 'shutdown', phase: 'begin', cause: 'signal', signal: 'SIGTERM' },
      { kind: 'shutdown', phase: 'term', names: ['web.1', 'worker.1'], signal: 'SIGTERM', all: true },
    ]);
    for (const child of t.children) child.finish(TERM);
    await expect(done).resolves.toBe(0);
    expect(
      t
        .runtime()
        .status()
        .map((s) => s.state),
    ).toEqual(['exited', 'exited']);
  });
});

describe('Runtime: restart one process (the seam for restarts)', () => {
  it('SIGTERMs its group alone, starts it again with the same spec, and the run goes on', async () => {
    const t = setup();
    const done = t.run();
    const worker = t.children[1];
    t.runtime().restart('worker.1');
    expect(t.calls).toEqual(['group 102 SIGTERM']);
    expect(t.runtime().status()[1]?.state).toBe('restarting');
    worker?.finish(TERM);
    await settle();
    expect(t.children).toHaveLength(4);
    expect(t.children[3]?.request).toEqual(t.children[1]?.request); // same command, env (PORT, PS) and cwd
    expect(t.lines().slice(3)).toEqual(['worker.1 terminated by SIGTERM', 'worker.1 started 104']);
    expect(t.lines()).not.toContain('system sending SIGTERM to all processes');
    expect(t.code()).toBeUndefined();
    const status = t.runtime().status()[1];
    expect(status).toMatchObject({ name: 'worker.1', state: 'running', pid: 104, restarts: 1, exit: undefined });
    // the new process is what a later shutdown stops; the first exit still ends the run
    t.children[0]?.finish({ code: 2, signal: null });
    await settle();
    expect(t.calls.slice(1)).toEqual(['group 104 SIGTERM', 'group 103 SIGTERM']);
    t.children[2]?.finish(TERM);
    t.children[3]?.finish(TERM);
    await expect(done).resolves.toBe(2);
  });

  it('a type name restarts each of its instances', async () => {
    const t = setup();
    void t.run([spec('web.1'), { ...spec('web.2'), type: 'web' }, spec('worker.1')]);
    t.runtime().restart('web');
    expect(t.calls).toEqual(['group 101 SIGTERM', 'group 102 SIGTERM']);
  });

  it('SIGKILLs it after the timeout when it ignores SIGTERM, then starts it again', async () => {
    const t = setup({ timeoutMs: 1000 });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.runtime().restart('worker.1');
    await vi.advanceTimersByTimeAsync(999);
    expect(t.calls).toEqual(['group 102 SIGTERM']);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls).toEqual(['group 102 SIGTERM', 'tree 102 SIGKILL', 'group 102 SIGKILL']);
    t.children[1]?.finish({ code: null, signal: 'SIGKILL' });
    await settle();
    expect(t.children.map((c) => c.pid)).toEqual([101, 102, 103]);
    expect(t.code()).toBeUndefined();
    t.send('SIGINT');
    t.children[0]?.finish(TERM);
    t.children[2]?.finish(TERM);
    await expect(done).resolves.toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a kill timer of an earlier run does not touch the new process', async () => {
    const t = setup({ timeoutMs: 1000 });
    void t.run([spec('worker.1')]);
    t.runtime().restart('worker.1');
    t.children[0]?.finish(TERM);
    await settle();
    expect(t.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.calls).toEqual(['group 101 SIGTERM']);
  });

  it('is ignored during a shutdown, and a restart cut short by a shutdown does not start it again', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.runtime().restart('worker.1');
    t.send('SIGINT');
    t.runtime().restart('web.1');
    t.children[1]?.finish(TERM);
    t.children[0]?.finish(TERM);
    await expect(done).resolves.toBe(0);
    expect(t.children).toHaveLength(2);
  });

  it('output of the new process goes on under the same name', async () => {
    const t = setup();
    void t.run([spec('web.1')]);
    t.runtime().restart('web.1');
    t.children[0]?.finish(TERM);
    await settle();
    t.children[1]?.write('stdout', 'back\n');
    expect(t.lines().at(-1)).toBe('web.1 | back\n');
  });
});

describe('Runtime: policies', () => {
  it('with no policy, an exit stops nothing and the run ends when every process is gone', async () => {
    const t = setup({ policies: [] });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.calls).toEqual([]);
    expect(t.code()).toBeUndefined();
    t.children[1]?.finish({ code: 0, signal: null });
    await expect(done).resolves.toBe(1); // no shutdown: the first failure's code
  });

  it('a policy decides from what it is shown, and its decision is carried out', async () => {
    const seen: string[] = [];
    const t = setup({
      policies: [
        {
          decide(input, { stopping }) {
            seen.push(`${input.kind}${input.kind === 'exit' ? ` ${input.name} ${input.status.code}` : ''}${stopping ? ' (stopping)' : ''}`);
            return input.kind === 'exit' && input.status.code === 9 ? [{ kind: 'shutdown', cause: 'exit', name: input.name }] : [];
          },
        },
      ],
    });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 0, signal: null });
    await settle();
    t.children[1]?.finish({ code: 9, signal: null });
    await expect(done).resolves.toBe(9); // the code of the exit that ended the run
    expect(seen).toEqual(['exit web.1 0', 'exit worker.1 9']);
  });
});

describe('Runtime: restart on exit (lifecycle policies)', () => {
  const restartWorker = (mode: 'on-failure' | 'always' = 'on-failure') => lifecyclePolicies({ restart: new Map([['worker', mode]]) });

  it('a crash says what happens next, waits the backoff, starts it again; the others run on', async () => {
    const t = setup({ policies: restartWorker() });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[1]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('worker.1 exited with code 1, restarting in 1 s (attempt 1)');
    expect(t.runtime().status()[1]?.state).toBe('restarting');
    expect(t.calls).toEqual([]); // nothing was stopped
    await vi.advanceTimersByTimeAsync(999);
    expect(t.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.children).toHaveLength(3);
    expect(t.lines().at(-1)).toBe('worker.1 started 103');
    // the second crash within the reset window waits twice as long
    t.children[2]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('worker.1 exited with code 1, restarting in 2 s (attempt 2)');
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.children).toHaveLength(4);
    expect(t.runtime().status()[1]).toMatchObject({ state: 'running', pid: 104, restarts: 2 });
    // the first exit of a type that is not restarted still ends the run, with its code
    t.children[0]?.finish({ code: 3, signal: null });
    await settle();
    t.children[3]?.finish(TERM);
    await expect(done).resolves.toBe(3);
  });

  it('Ctrl-C during a backoff wait stops at once: nothing starts again, exit code 0', async () => {
    const t = setup({ policies: restartWorker() });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[1]?.finish({ code: 1, signal: null });
    await settle();
    t.send('SIGINT');
    expect(t.calls).toEqual(['group 101 SIGTERM']); // the waiting worker has nothing to stop
    t.children[0]?.finish(TERM);
    await expect(done).resolves.toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.children).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a clean exit of an on-failure type is done: not restarted, nothing stopped', async () => {
    const t = setup({ policies: restartWorker() });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[1]?.finish({ code: 0, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('worker.1 exited with code 0');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.children).toHaveLength(2);
    expect(t.code()).toBeUndefined();
    t.children[0]?.finish({ code: 0, signal: null });
    await expect(done).resolves.toBe(0);
  });

  it('always: a clean exit restarts too', async () => {
    const t = setup({ policies: restartWorker('always') });
    void t.run([spec('web.1'), spec('worker.1')]);
    t.children[1]?.finish({ code: 0, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('worker.1 exited with code 0, restarting in 1 s (attempt 1)');
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.children).toHaveLength(3);
  });

  it('can-die: the exit is reported, the others run on; when every process has ended, the first failure is the code', async () => {
    const t = setup({ policies: lifecyclePolicies({ canDie: new Set(['migrate']) }) });
    const done = t.run([spec('migrate.1'), spec('web.1')]);
    t.children[0]?.finish({ code: 2, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('migrate.1 exited with code 2');
    expect(t.calls).toEqual([]);
    t.send('SIGINT');
    t.children[1]?.finish(TERM);
    await expect(done).resolves.toBe(0); // stopped by the user: 0, whatever the task said
  });

  it('can-die only: the run ends when the last one exits, with the first failure as its code', async () => {
    const t = setup({ policies: lifecyclePolicies({ canDie: new Set(['all']) }) });
    const done = t.run([spec('a.1'), spec('b.1')]);
    t.children[0]?.finish({ code: 0, signal: null });
    t.children[1]?.finish({ code: 4, signal: null });
    await expect(done).resolves.toBe(4);
  });
});

describe('Runtime: stop one process', () => {
  it('stops it alone; it shows as stopped, the run goes on; a restart starts it again', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.runtime().stopOne('worker');
    expect(t.calls).toEqual(['group 102 SIGTERM']);
    expect(t.runtime().status()[1]?.state).toBe('stopping');
    t.children[1]?.finish(TERM);
    await settle();
    expect(t.runtime().status()[1]?.state).toBe('stopped');
    expect(t.lines().at(-1)).toBe('worker.1 terminated by SIGTERM');
    expect(t.code()).toBeUndefined();
    t.runtime().stopOne('worker.1'); // already stopped: nothing
    expect(t.calls).toEqual(['group 102 SIGTERM']);
    t.runtime().restart('worker.1');
    expect(t.children).toHaveLength(3);
    expect(t.runtime().status()[1]).toMatchObject({ state: 'running', pid: 103, restarts: 1 });
    t.send('SIGINT');
    t.children[0]?.finish(TERM);
    t.children[2]?.finish(TERM);
    await expect(done).resolves.toBe(0);
  });

  it('the run goes on while every process is stopped, until a signal ends it', async () => {
    const t = setup();
    const done = t.run([spec('web.1')]);
    t.runtime().stopOne('web.1');
    t.children[0]?.finish(TERM);
    await settle();
    expect(t.code()).toBeUndefined();
    t.send('SIGINT');
    await expect(done).resolves.toBe(0);
  });

  it('SIGKILL after the timeout when it ignores SIGTERM', async () => {
    const t = setup({ timeoutMs: 500 });
    void t.run([spec('web.1'), spec('worker.1')]);
    t.runtime().stopOne('worker.1');
    await vi.advanceTimersByTimeAsync(500);
    expect(t.calls).toEqual(['group 102 SIGTERM', 'tree 102 SIGKILL', 'group 102 SIGKILL']);
  });
});

describe('Runtime: --watch (restart on a change; a crash waits for the next one)', () => {
  const watchWeb = (extra: Parameters<typeof lifecyclePolicies>[0] = {}) => lifecyclePolicies({ watch: new Set(['web']), ...extra });
  const change = (paths: string[], count = paths.length) => ({ kind: 'change' as const, paths, count });

  it('a restart with a reason says why before the process is stopped and started again', async () => {
    const t = setup({ policies: watchWeb() });
    void t.run([spec('web.1'), spec('worker.1')]);
    t.runtime().restart('web', change(['src/app.js']));
    expect(t.lines().at(-1)).toBe('web.1 src/app.js changed, restarting');
    expect(t.events.at(-2)).toEqual({ kind: 'restart', name: 'web.1', reason: change(['src/app.js']), at: 1_000 });
    t.children[0]?.finish(TERM);
    await settle();
    expect(t.lines().slice(-2)).toEqual(['web.1 terminated by SIGTERM', 'web.1 started 103']);
    expect(t.calls).toEqual(['group 101 SIGTERM']); // the worker is left alone
  });

  it('a burst of several files names the first and counts the rest', () => {
    const t = setup({ policies: watchWeb() });
    void t.run([spec('web.1')]);
    t.runtime().restart('web.1', change(['src/app.js', 'src/b.js'], 42));
    expect(t.lines().at(-1)).toBe('web.1 src/app.js and 41 more changed, restarting');
  });

  it('a watched process that crashes stops nothing and waits, even alone; the next change starts it at once', async () => {
    const t = setup({ policies: watchWeb() });
    const done = t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('web.1 exited with code 1, waiting for a change to restart');
    expect(t.events.at(-1)).toMatchObject({ kind: 'state', to: 'exited', held: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.children).toHaveLength(1); // no crash loop
    expect(t.code()).toBeUndefined(); // and the run is not over
    t.runtime().restart('web', change(['src/app.js']));
    expect(t.lines().slice(-2)).toEqual(['web.1 src/app.js changed, restarting', 'web.1 started 102']);
    expect(t.runtime().status()[0]).toMatchObject({ state: 'running', restarts: 1 });
    // once running again, its next exit waits again
    t.children[1]?.finish({ code: 0, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('web.1 exited with code 0, waiting for a change to restart');
    t.send('SIGINT');
    await expect(done).resolves.toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the other processes run on; a crash of an unwatched type still ends the run, with its code', async () => {
    const t = setup({ policies: watchWeb() });
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.calls).toEqual([]);
    t.children[1]?.finish({ code: 3, signal: null });
    await expect(done).resolves.toBe(3);
    t.runtime().restart('web', change(['src/app.js'])); // too late: the run is over
    expect(t.children).toHaveLength(2);
  });

  it('with --restart too, the backoff applies; a change during the wait starts it at once, and the wait does not start it again', async () => {
    const t = setup({ policies: watchWeb({ restart: new Map([['web', 'on-failure']]) }) });
    void t.run([spec('web.1')]);
    t.children[0]?.finish({ code: 1, signal: null });
    await settle();
    expect(t.lines().at(-1)).toBe('web.1 exited with code 1, restarting in 1 s (attempt 1)');
    t.runtime().restart('web', change(['src/app.js']));
    expect(t.children).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.children).toHaveLength(2);
    expect(t.runtime().status()[0]).toMatchObject({ state: 'running', pid: 102 });
  });

  it('a change while a restart is in flight, or during a shutdown, is ignored', async () => {
    const t = setup({ policies: watchWeb() });
    const done = t.run([spec('web.1')]);
    t.runtime().restart('web', change(['a.js']));
    t.runtime().restart('web', change(['b.js']));
    expect(t.lines().filter((l) => l.includes('changed'))).toEqual(['web.1 a.js changed, restarting']);
    expect(t.calls).toEqual(['group 101 SIGTERM']);
    t.children[0]?.finish(TERM);
    await settle();
    t.send('SIGINT');
    t.runtime().restart('web', change(['c.js']));
    expect(t.lines().filter((l) => l.includes('changed'))).toHaveLength(1);
    t.children[1]?.finish(TERM);
    await expect(done).resolves.toBe(0);
    expect(t.children).toHaveLength(2);
  });
});
