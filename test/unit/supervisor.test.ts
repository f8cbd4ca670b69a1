import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeExit, type ExitStatus, type ProcessEvent } from '../../src/events.js';
import type { ProcessSpec } from '../../src/project/formation.js';
import type { ChildHandle, OutputListener, ProcessControl, Spawn, SpawnRequest, StreamName } from '../../src/os/spawn.js';
import { type EventSink, type SignalSource, type StopSignal, Supervisor } from '../../src/supervisor.js';

// ---------------------------------------------------------------- fakes

interface FakeChild extends ChildHandle {
  request: SpawnRequest;
  paused: boolean;
  pauses: number;
  resumes: number;
  detaches: number;
  /** the child writes to a stream */
  write(stream: StreamName, text: string | Buffer): void;
  /** a stream reaches its end */
  close(stream: StreamName): void;
  /** the leader exits (streams stay as they are) */
  exitWith(status: ExitStatus): void;
  /** both streams close, then the leader exits */
  finish(status: ExitStatus): void;
}

function fakeSpawn({ firstPid = 101, throwFor = new Map<string, Error>() } = {}) {
  const children: FakeChild[] = [];
  let pid = firstPid;
  const spawn: Spawn = (request: SpawnRequest, listener: OutputListener) => {
    const error = throwFor.get(request.command);
    if (error) throw error;
    let resolveExit: (status: ExitStatus) => void = () => {};
    const open = new Set<StreamName>(['stdout', 'stderr']);
    const child: FakeChild = {
      request,
      pid: pid++,
      exit: new Promise<ExitStatus>((resolve) => {
        resolveExit = resolve;
      }),
      paused: false,
      pauses: 0,
      resumes: 0,
      detaches: 0,
      pause() {
        child.paused = true;
        child.pauses++;
      },
      resume() {
        child.paused = false;
        child.resumes++;
      },
      detach() {
        child.detaches++;
        for (const stream of [...open]) child.close(stream);
      },
      write(stream, text) {
        if (!open.has(stream)) throw new Error(`${stream} of ${request.command} is closed`);
        listener.data(stream, Buffer.isBuffer(text) ? text : Buffer.from(text));
      },
      close(stream) {
        if (!open.delete(stream)) return;
        listener.end(stream);
      },
      exitWith(status) {
        resolveExit(status);
      },
      finish(status) {
        child.close('stdout');
        child.close('stderr');
        resolveExit(status);
      },
    };
    children.push(child);
    return child;
  };
  return { spawn, children };
}

function fakeControl() {
  const calls: string[] = [];
  const alive = new Set<number>();
  const control: ProcessControl = {
    signalGroup(pid, signal) {
      calls.push(`group ${pid} ${signal}`);
    },
    groupAlive(pid) {
      return alive.has(pid);
    },
    signalTree(pid, signal) {
      calls.push(`tree ${pid} ${signal}`);
      return Promise.resolve();
    },
  };
  return { control, calls, alive };
}

function fakeSignals() {
  let handler: ((signal: StopSignal) => void) | undefined;
  const unsubscribe = vi.fn();
  const signals: SignalSource = (h) => {
    handler = h;
    return unsubscribe;
  };
  const send = (signal: StopSignal) => {
    if (!handler) throw new Error('no signal handler installed');
    handler(signal);
  };
  return { signals, send, unsubscribe, subscribed: () => handler !== undefined };
}

/** Records events as short readable lines. `accept` decides what write returns. */
function fakeOutput() {
  const events: ProcessEvent[] = [];
  const drains: Array<() => void> = [];
  let accept: (event: ProcessEvent) => boolean = () => true;
  const output: EventSink = {
    write(event) {
      events.push(event);
      return accept(event);
    },
    onDrain(listener) {
      drains.push(listener);
    },
  };
  const lines = () =>
    events.map((e) => {
      switch (e.kind) {
        case 'start':
          return `${e.name} started ${e.pid}`;
        case 'output':
          return `${e.name} ${e.batch.continuation ? '+' : '|'} ${e.batch.data.toString()}`;
        case 'exit':
          return `${e.name} ${describeExit(e.status)}`;
        case 'system':
          return `system ${e.text}`;
      }
    });
  return {
    output,
    events,
    drains,
    lines,
    setAccept: (fn: (event: ProcessEvent) => boolean) => {
      accept = fn;
    },
  };
}

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

function setup(options: { timeoutMs?: number; throwFor?: Map<string, Error>; pollMs?: number; graceMs?: number } = {}) {
  const sp = fakeSpawn({ throwFor: options.throwFor });
  const ctl = fakeControl();
  const sig = fakeSignals();
  const out = fakeOutput();
  const supervisor = new Supervisor({
    spawn: sp.spawn,
    control: ctl.control,
    signals: sig.signals,
    output: out.output,
    cwd: '/app',
    timeoutMs: options.timeoutMs ?? 5000,
    pollMs: options.pollMs,
    graceMs: options.graceMs,
  });
  let code: number | undefined;
  const run = (specs: ProcessSpec[] = SPECS) => {
    const done = supervisor.run(specs).then((c) => {
      code = c;
      return c;
    });
    return done;
  };
  return { supervisor, ...sp, ...ctl, ...sig, ...out, run, code: () => code };
}

const TERM = { code: null, signal: 'SIGTERM' as const };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------- tests

describe('Supervisor: start', () => {
  it('starts every process in order, with its command, env and the cwd', () => {
    const t = setup();
    void t.run();
    expect(t.children.map((c) => c.request)).toEqual([
      { command: 'run web.1', env: { PS: 'web.1' }, cwd: '/app' },
      { command: 'run worker.1', env: { PS: 'worker.1' }, cwd: '/app' },
      { command: 'run clock.1', env: { PS: 'clock.1' }, cwd: '/app' },
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

describe('Supervisor: output', () => {
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
    const supervisor = new Supervisor({
      spawn: sp.spawn,
      control: fakeControl().control,
      signals: fakeSignals().signals,
      output: out.output,
      cwd: '/',
      timeoutMs: 1000,
      lineCap: 4,
    });
    void supervisor.run([spec('web.1')]);
    sp.children[0]?.write('stdout', 'abcdef');
    sp.children[0]?.write('stdout', 'gh\n');
    expect(out.lines().slice(1)).toEqual(['web.1 | abcdef\n', 'web.1 + gh\n']);
  });
});

describe('Supervisor: the first exit stops everything', () => {
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

describe('Supervisor: signals', () => {
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

describe('Supervisor: SIGKILL after the timeout', () => {
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

describe('Supervisor: when a process is done', () => {
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

describe('Supervisor: after SIGKILL, a group slow to die', () => {
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

describe('Supervisor: spawn failures', () => {
  it('a spawn that throws is an exit with the error', async () => {
    const t = setup({ throwFor: new Map([['run web.1', Object.assign(new Error('spawn EAGAIN'), { code: 'EAGAIN' })]]) });
    await expect(t.run([spec('web.1')])).resolves.toBe(1);
    expect(t.lines().filter((l) => l !== 'system sending SIGTERM to all processes')).toEqual(['web.1 failed to start: could not start (EAGAIN)']);
    expect(t.calls).toEqual([]);
  });

  it('a spawn that throws stops the processes already started and skips the rest', async () => {
    const t = setup({ throwFor: new Map([['run worker.1', new Error('boom')]]) });
    const done = t.run();
    expect(t.children.map((c) => c.request.command)).toEqual(['run web.1']);
    expect(t.lines()[0]).toBe('web.1 started 101');
    expect(t.lines().slice(1).sort()).toEqual(['system sending SIGTERM to all processes', 'worker.1 failed to start: could not start (Error)']);
    expect(t.calls).toEqual(['group 101 SIGTERM']);
    t.children[0]?.finish(TERM);
    await expect(done).resolves.toBe(1);
  });
});

describe('Supervisor: spawn errors never repeat the environment', () => {
  it('reports the error code, not the message (which may quote a secret)', async () => {
    const error = Object.assign(new TypeError("The property 'options.env['SECRET']' must be a string without null bytes. Received 'hunter2'"), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
    const t = setup({ throwFor: new Map([['run web.1', error]]) });
    await expect(t.run([spec('web.1')])).resolves.toBe(1);
    expect(t.lines()).toEqual(['web.1 failed to start: could not start (ERR_INVALID_ARG_VALUE)']);
  });
});

describe('Supervisor: stop(reason)', () => {
  it('prints the reason, SIGTERMs everything, exits 0', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.supervisor.stop('output closed, stopping');
    expect(t.lines().slice(2)).toEqual(['system output closed, stopping', 'system sending SIGTERM to all processes']);
    expect(t.calls).toEqual(['group 101 SIGTERM', 'group 102 SIGTERM']);
    t.supervisor.stop('again');
    expect(t.lines()).not.toContain('system again');
    for (const child of t.children) child.finish(TERM);
    await expect(done).resolves.toBe(0);
  });

  it('is ignored once a shutdown is under way', async () => {
    const t = setup();
    const done = t.run([spec('web.1'), spec('worker.1')]);
    t.children[0]?.finish({ code: 4, signal: null });
    await settle();
    t.supervisor.stop('output closed, stopping');
    expect(t.lines()).not.toContain('system output closed, stopping');
    t.children[1]?.finish(TERM);
    await expect(done).resolves.toBe(4);
  });
});

describe('Supervisor: backpressure', () => {
  it('pauses every child when the sink is full, resumes them on drain', async () => {
    const t = setup();
    void t.run([spec('web.1'), spec('worker.1')]);
    const [web, worker] = t.children;
    t.setAccept((e) => !(e.kind === 'output' && e.batch.data.toString() === 'flood\n'));
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
    t.setAccept((e) => !(e.kind === 'start' && e.name === 'web.1'));
    void t.run([spec('web.1'), spec('worker.1')]);
    expect(t.children.map((c) => c.paused)).toEqual([true, true]);
    t.drains[0]?.();
    expect(t.children.map((c) => c.paused)).toEqual([false, false]);
  });

  it('a system line refused by the sink pauses the children too', () => {
    const t = setup();
    void t.run([spec('web.1')]);
    t.setAccept((e) => e.kind !== 'system');
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

describe('Supervisor: processes that left their group (setsid)', () => {
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
