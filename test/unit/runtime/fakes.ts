/**
 * Fakes for the runtime's seams (spawn, process control, signals, output),
 * so its tests feed scripted histories without spawning anything.
 */
import { vi } from 'vitest';
import { describeEvent } from '../../../src/output/wording.js';
import type { ExitStatus, RuntimeEvent, StopSignal, StreamName } from '../../../src/runtime/events.js';
import type {
  ChildHandle,
  EventConsumer,
  OutputListener,
  ProcessControl,
  SignalSource,
  Spawn,
  SpawnRequest,
} from '../../../src/runtime/seams.js';

export interface FakeChild extends ChildHandle {
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

export function fakeSpawn({ firstPid = 101, throwFor = new Map<string, Error>() } = {}) {
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

export function fakeControl() {
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

export function fakeSignals() {
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
export function fakeOutput() {
  const events: RuntimeEvent[] = [];
  const drains: Array<() => void> = [];
  let accept: (event: RuntimeEvent) => boolean = () => true;
  const output: EventConsumer = {
    write(event) {
      events.push(event);
      return accept(event);
    },
    onDrain(listener) {
      drains.push(listener);
    },
  };
  /** Each event as the console would word it (`web.1 | text`), events it does not show left out. */
  const lines = () =>
    events.flatMap((e) => {
      if (e.kind === 'line') return [`${e.name} ${e.continuation ? '+' : '|'} ${e.bytes.toString()}`];
      const shown = describeEvent(e);
      if (!shown) return [];
      return e.kind === 'state' && e.to === 'running' ? [`${e.name} started ${e.pid}`] : [`${shown.name} ${shown.text}`];
    });
  return {
    output,
    events,
    drains,
    lines,
    setAccept: (fn: (event: RuntimeEvent) => boolean) => {
      accept = fn;
    },
  };
}
