import type { ProcessSpec } from '../project/ports.js';
import type { ExitStatus, ProcessState, RuntimeEvent, StateEvent } from './events.js';
import { type SpawnDeps, Spawned } from './spawned.js';

export interface ProcessDeps extends SpawnDeps {
  emit(event: RuntimeEvent): void;
  /** the leader exited (an input for the runtime) */
  exited(process: ManagedProcess, status: ExitStatus): void;
  /** its output ended: it may be done */
  ended(process: ManagedProcess): void;
}

/** What was asked of this process alone; undefined while nobody asked. */
export interface Intent {
  /** stop: stay stopped until restarted; hold: exited, it waits to be restarted from outside (a watched file changing) */
  kind: 'restart' | 'stop' | 'hold';
  /** how long to wait once it is gone */
  delayMs: number;
  /** an automatic restart's attempt number (after a crash); none when asked for */
  attempt?: number;
}

/** A snapshot for `status()`. */
export interface ProcessStatus {
  name: string;
  type: string;
  state: ProcessState;
  pid: number | undefined;
  port: number;
  startedAt: number | undefined;
  restarts: number;
  exit: ExitStatus | undefined;
}

/**
 * One process of the formation: its named state, and signal, kill and
 * detach of its current spawn (spawned.ts: line splitting and the rule
 * "leader exited, streams closed and group empty ⇒ gone"). It decides
 * nothing: the runtime tells it what to do. It can be started again once
 * gone (a restart), keeping its spec.
 */
export class ManagedProcess {
  private current: ProcessState = 'starting';
  private run: Spawned | undefined;
  private restarts = 0;
  /** why it is being stopped, when it was asked for alone */
  intent: Intent | undefined;

  constructor(
    readonly spec: ProcessSpec,
    private readonly deps: ProcessDeps,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get state(): ProcessState {
    return this.current;
  }

  get pid(): number | undefined {
    return this.run?.handle?.pid;
  }

  /** Nothing of it is left running (or it never started). */
  get gone(): boolean {
    return this.run?.gone ?? true;
  }

  /** How many times it was started, less one. */
  get generation(): number {
    return this.restarts;
  }

  /** How long its current run has been up (0 before it started). */
  uptime(): number {
    return this.run ? this.deps.now() - this.run.startedAt : 0;
  }

  start({ paused = false }: { paused?: boolean } = {}): void {
    if (this.run) {
      this.restarts++;
      this.run = undefined; // the `starting` event carries no pid: the old one is gone
      this.moveTo('starting');
    }
    this.intent = undefined;
    const run: Spawned = new Spawned(this.spec, this.deps, {
      lines: (stream, { data, continuation }) =>
        this.deps.emit({ kind: 'line', name: this.name, stream, bytes: data, continuation, at: this.deps.now() }),
      ended: () => run === this.run && this.deps.ended(this),
      exited: (status) => run === this.run && this.deps.exited(this, status),
    });
    this.run = run;
    if (!run.handle) {
      this.deps.exited(this, run.status as ExitStatus);
      return;
    }
    if (paused) run.handle.pause();
    this.moveTo('running');
  }

  /** The leader exited (its output may still be open). */
  get leaderExited(): boolean {
    return this.run?.status !== undefined;
  }

  /** SIGTERM (or another signal) to its group, once; `as` is the state it moves to. */
  signal(signal: NodeJS.Signals, as: 'stopping' | 'restarting' = 'stopping'): void {
    const pid = this.pid;
    if (this.gone || !pid) return;
    if (this.current === 'running' || this.current === 'ready') this.moveTo(as);
    this.deps.control.signalGroup(pid, signal);
  }

  /** SIGKILL to its tree (while the leader still links it), then its group. */
  async kill(): Promise<void> {
    const { control } = this.deps;
    const pid = this.pid;
    // a leader that exited with its group empty has nothing left to kill, and its pid may be reused
    if (this.gone || !pid || (this.leaderExited && !control.groupAlive(pid))) return;
    await control.signalTree(pid, 'SIGKILL').catch(() => {});
    control.signalGroup(pid, 'SIGKILL');
  }

  /** Its leader exited and its group is empty, but a pipe is still open: a process outside the group holds it. */
  get heldByEscaped(): boolean {
    return this.run?.heldByEscaped ?? false;
  }

  /** Stops reading its output (the streams end). */
  detach(): void {
    this.run?.handle?.detach();
  }

  /**
   * Reports the exit once the leader exited and the output is complete, and
   * marks it gone once its group is empty too. Returns whether it is gone.
   */
  settle(): boolean {
    const run = this.run;
    if (!run || run.gone) return true;
    if (!run.complete || !run.status) return false;
    if (!run.reported) {
      run.reported = true;
      const { intent } = this;
      this.moveTo('exited', {
        status: run.status,
        ...(intent?.attempt && { restart: { delayMs: intent.delayMs, attempt: intent.attempt } }),
        ...(intent?.kind === 'hold' && { held: true as const }),
      });
    }
    if (run.groupAlive()) return false;
    run.gone = true;
    return true;
  }

  pause(): void {
    this.run?.handle?.pause();
  }

  resume(): void {
    this.run?.handle?.resume();
  }

  status(): ProcessStatus {
    const { name, type, port } = this.spec;
    const run = this.run;
    return { name, type, state: this.current, pid: this.pid, port, startedAt: run?.startedAt, restarts: this.restarts, exit: run?.status };
  }

  /** Waits, gone, for a restart `delayMs` away. */
  awaitRestart(): void {
    this.moveTo('restarting');
  }

  /** Stopped as asked: gone, and not started again until restarted. */
  markStopped(): void {
    if (this.current !== 'stopped') this.moveTo('stopped');
  }

  /** Waits, not started, for the processes it starts after. */
  awaitDependencies(): void {
    this.moveTo('waiting');
  }

  /** Its readiness rule holds. */
  markReady(ready: NonNullable<StateEvent['ready']>): void {
    if (this.current === 'running') this.moveTo('ready', { ready });
  }

  private moveTo(to: ProcessState, extra: Pick<StateEvent, 'status' | 'restart' | 'ready'> = {}): void {
    const from = this.current;
    this.current = to;
    this.deps.emit({ kind: 'state', name: this.name, from, to, pid: this.pid, ...extra, at: this.deps.now() });
  }
}
