import { constants } from 'node:os';
import type { ExitStatus, ProcessEvent } from './events.js';
import type { ProcessSpec } from './project/formation.js';
import { DEFAULT_LINE_CAP, LineSplitter } from './runtime/lines.js';
import type { ChildHandle, ProcessControl, Spawn, StreamName } from './os/spawn.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';
/** Subscribes to the signals that stop procman; returns the unsubscribe. */
export type SignalSource = (handler: (signal: StopSignal) => void) => () => void;

/** Where events go; `write` returns false when the reader is behind. */
export interface EventSink {
  write(event: ProcessEvent): boolean;
  onDrain(listener: () => void): void;
}

export interface SupervisorOptions {
  spawn: Spawn;
  control: ProcessControl;
  signals: SignalSource;
  output: EventSink;
  cwd: string;
  /** between SIGTERM and SIGKILL */
  timeoutMs: number;
  lineCap?: number;
  /** how often to look again at a group whose leader exited but members live on */
  pollMs?: number;
  /** after SIGKILL, how long a pipe may stay open (held by an escaped process) before we stop reading it */
  graceMs?: number;
}

interface Child {
  spec: ProcessSpec;
  handle: ChildHandle | undefined;
  splitters: Record<StreamName, LineSplitter>;
  openStreams: number;
  status: ExitStatus | undefined;
  reported: boolean;
  done: boolean;
}

/**
 * The lifecycle: start every process; on the first exit or a stop signal,
 * SIGTERM every process group; after the timeout (or a second signal),
 * SIGKILL what is left, whole trees. Resolves with procman's exit code once
 * every group is empty and every line is out.
 */
export class Supervisor {
  private readonly children: Child[] = [];
  private stopping = false;
  private killed = false;
  private stoppedByUser = false;
  private firstExit: ExitStatus | undefined;
  private paused = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pollArmed = false;
  /** polls start fast and slow down: most groups empty within a few ms of their leader */
  private pollDelay = 2;
  private resolve: (code: number) => void = () => {};

  constructor(private readonly options: SupervisorOptions) {}

  run(specs: ProcessSpec[]): Promise<number> {
    const finished = new Promise<number>((resolve) => {
      this.resolve = resolve;
    });
    const unsubscribe = this.options.signals((signal) => this.onSignal(signal));
    for (const spec of specs) this.start(spec);
    this.checkAll();
    return finished.finally(() => {
      unsubscribe();
      for (const timer of this.timers) clearTimeout(timer);
    });
  }

  /** Stops everything as if the user asked (for example: our own output went away). */
  stop(reason: string): void {
    if (this.stopping) return;
    this.stoppedByUser = true;
    this.system(reason);
    this.shutdown();
  }

  private start(spec: ProcessSpec): void {
    const cap = this.options.lineCap ?? DEFAULT_LINE_CAP;
    const child: Child = {
      spec,
      handle: undefined,
      splitters: { stdout: new LineSplitter(cap), stderr: new LineSplitter(cap) },
      openStreams: 2,
      status: undefined,
      reported: false,
      done: false,
    };
    this.children.push(child);
    if (this.stopping) {
      child.openStreams = 0;
      child.status = { code: null, signal: null };
      child.reported = true;
      child.done = true;
      return;
    }
    try {
      child.handle = this.options.spawn(
        { command: spec.command, env: spec.env, cwd: this.options.cwd },
        {
          data: (stream, chunk) => this.output(child, child.splitters[stream].push(chunk)),
          end: (stream) => {
            this.output(child, child.splitters[stream].end());
            child.openStreams--;
            this.check(child);
          },
        },
      );
    } catch (error) {
      child.openStreams = 0;
      // the code only: Node's message may quote the environment, which holds secrets
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
      this.exited(child, { code: 1, signal: null, error: `could not start (${code})` });
      return;
    }
    if (this.paused) child.handle.pause();
    this.emit({ kind: 'start', name: spec.name, pid: child.handle.pid });
    child.handle.exit.then((status) => this.exited(child, status));
  }

  private output(child: Child, batch: ReturnType<LineSplitter['push']>): void {
    if (batch) this.emit({ kind: 'output', name: child.spec.name, batch });
  }

  private exited(child: Child, status: ExitStatus): void {
    child.status = status;
    const first = !this.stopping;
    if (first) this.firstExit = status;
    this.check(child); // the exit line (when its output is complete) before the shutdown it causes
    if (first && !this.stopping) this.shutdown();
  }

  private onSignal(signal: StopSignal): void {
    if (!this.stopping) {
      this.stoppedByUser = true;
      this.system(`${signal} received, starting shutdown`);
      this.shutdown();
    } else {
      // a second signal kills at once; any later one kills again (something may have escaped meanwhile)
      this.system(`${signal} received again, killing at once`);
      this.killed = false;
      this.kill();
    }
  }

  private shutdown(): void {
    this.stopping = true;
    const live = this.live();
    const escaped = this.options.control.signalEscaped?.(this.groups(), 'SIGTERM') ?? 0;
    if (live.length === 0 && escaped === 0) return this.checkAll();
    if (live.length > 0) this.system('sending SIGTERM to all processes');
    for (const child of live) if (child.handle?.pid) this.options.control.signalGroup(child.handle.pid, 'SIGTERM');
    if (escaped > 0) this.system(`sending SIGTERM to ${plural(escaped, 'process')} that left their group`);
    this.after(this.options.timeoutMs, () => this.kill());
    if (live.length === 0) this.poll();
  }

  private kill(): void {
    if (this.killed) return;
    this.killed = true;
    const { control } = this.options;
    const escaped = control.signalEscaped?.(this.groups(), 'SIGKILL') ?? 0;
    if (escaped > 0) this.system(`sending SIGKILL to ${plural(escaped, 'process')} that left their group`);
    const live = this.live();
    if (live.length === 0) return;
    this.system(`sending SIGKILL to ${live.map((c) => c.spec.name).join(', ')}`);
    for (const child of live) {
      const pid = child.handle?.pid;
      // a leader that exited with its group empty has nothing left to kill, and its pid may be reused
      if (!pid || (child.status && !control.groupAlive(pid))) continue;
      // The tree first, while its leader still links it together; then the group.
      control
        .signalTree(pid, 'SIGKILL')
        .catch(() => {})
        .then(() => {
          control.signalGroup(pid, 'SIGKILL');
          this.check(child);
        });
    }
    this.after(this.options.graceMs ?? 2000, () => this.abandonPipes());
  }

  /**
   * After SIGKILL, a pipe still open once its group is gone is held by a
   * process that escaped the group; stop reading it. Looks again every grace
   * period while anything is left (or while output is paused).
   */
  private abandonPipes(): void {
    if (!this.paused) {
      for (const child of this.live()) {
        const pid = child.handle?.pid;
        if (child.status && child.openStreams > 0 && (!pid || !this.options.control.groupAlive(pid))) {
          this.system(`${child.spec.name} exited but a process outside its group still holds its output; no longer reading it`);
          child.handle?.detach();
        }
      }
    }
    if (this.live().length > 0) this.after(this.options.graceMs ?? 2000, () => this.abandonPipes());
  }

  /** A child is done when it exited, its output is closed and its group is empty. */
  private check(child: Child): void {
    if (child.done || !child.status || child.openStreams > 0) return;
    if (!child.reported) {
      child.reported = true;
      this.emit({ kind: 'exit', name: child.spec.name, status: child.status });
    }
    const pid = child.handle?.pid;
    if (pid && this.options.control.groupAlive(pid)) return this.poll();
    child.done = true;
    this.checkAll();
  }

  private poll(): void {
    if (this.pollArmed) return;
    this.pollArmed = true;
    const delay = Math.min(this.pollDelay, this.options.pollMs ?? 20);
    this.pollDelay *= 2;
    this.after(delay, () => {
      this.pollArmed = false;
      for (const child of this.children) this.check(child);
      this.checkAll();
    });
  }

  /** Done when every child is, and no process we started lives on outside their groups. */
  private checkAll(): void {
    if (!this.children.every((c) => c.done)) return;
    if (this.options.control.escapedAlive?.(this.groups())) {
      // once killing, whatever escaped since the last sweep is killed too
      if (this.killed) this.options.control.signalEscaped?.(this.groups(), 'SIGKILL');
      return this.poll();
    }
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.resolve(this.exitCode());
  }

  /** 0 when the user stopped us; else the first exit's code, 128 + signal number when killed. */
  private exitCode(): number {
    const status = this.firstExit;
    if (this.stoppedByUser || !status) return 0;
    if (status.signal) return 128 + (constants.signals[status.signal] ?? 0);
    return status.code ?? 1;
  }

  /** Every process group we started. */
  private groups(): number[] {
    return this.children.flatMap((c) => (c.handle?.pid ? [c.handle.pid] : []));
  }

  private live(): Child[] {
    return this.children.filter((c) => !c.done);
  }

  private system(text: string): void {
    this.emit({ kind: 'system', text });
  }

  private emit(event: ProcessEvent): void {
    if (this.options.output.write(event) || this.paused) return;
    this.paused = true;
    for (const child of this.children) child.handle?.pause();
    this.options.output.onDrain(() => {
      this.paused = false;
      for (const child of this.children) child.handle?.resume();
    });
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 'es'}`;
}
