import type { ProcessSpec } from '../project/ports.js';
import type { ExitStatus, ProcessState, RuntimeEvent, StateEvent, StreamName } from './events.js';
import { LineSplitter } from './lines.js';
import type { ChildHandle, ProcessControl, Spawn } from './seams.js';

export interface ProcessDeps {
  spawn: Spawn;
  control: ProcessControl;
  cwd: string;
  lineCap: number;
  now: () => number;
  emit(event: RuntimeEvent): void;
  /** the leader exited (an input for the runtime) */
  exited(process: ManagedProcess, status: ExitStatus): void;
  /** its output ended: it may be done */
  ended(process: ManagedProcess): void;
}

/** What was asked of this process alone; undefined while nobody asked. */
export interface Intent {
  kind: 'restart';
  /** how long to wait once it is gone */
  delayMs: number;
  /** an automatic restart's attempt number (after a crash); none when asked for */
  attempt?: number;
}

/** One spawn of a process: everything that a restart replaces. */
interface Run {
  handle: ChildHandle | undefined;
  startedAt: number;
  splitters: Record<StreamName, LineSplitter>;
  openStreams: number;
  /** the leader's exit */
  status: ExitStatus | undefined;
  /** its exit was reported (a state event) */
  reported: boolean;
  /** exited, output complete and group empty: nothing of it is left */
  gone: boolean;
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
 * One process of the formation and its mechanism: spawn, line splitting, the
 * rule "leader exited, streams closed and group empty ⇒ gone", and signal,
 * kill and abandon. It decides nothing: the runtime tells it what to do.
 * It can be started again once gone (a restart), keeping its spec.
 */
export class ManagedProcess {
  private current: ProcessState = 'starting';
  private run: Run | undefined;
  private restarts = 0;
  /** why it is being stopped, when it was asked for alone */
  intent: Intent | undefined;
  /** it exited and waits, gone, to be restarted from outside (a watched file changing); the run is not done */
  held = false;

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
      this.moveTo('starting');
    }
    const { lineCap, now } = this.deps;
    const run: Run = {
      handle: undefined,
      startedAt: now(),
      splitters: { stdout: new LineSplitter(lineCap), stderr: new LineSplitter(lineCap) },
      openStreams: 2,
      status: undefined,
      reported: false,
      gone: false,
    };
    this.run = run;
    this.intent = undefined;
    this.held = false;
    try {
      run.handle = this.deps.spawn(
        { command: this.spec.command, env: this.spec.env, cwd: this.deps.cwd },
        {
          data: (stream, chunk) => this.lines(stream, run.splitters[stream].push(chunk)),
          end: (stream) => {
            this.lines(stream, run.splitters[stream].end());
            run.openStreams--;
            if (run === this.run) this.deps.ended(this);
          },
        },
      );
    } catch (error) {
      run.openStreams = 0;
      // the code only: Node's message may quote the environment, which holds secrets
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
      run.status = { code: 1, signal: null, error: `could not start (${code})` };
      this.deps.exited(this, run.status);
      return;
    }
    if (paused) run.handle.pause();
    this.moveTo('running');
    run.handle.exit.then((status) => {
      run.status = status;
      if (run === this.run) this.deps.exited(this, status);
    });
  }

  /** The leader exited (its output may still be open). */
  get leaderExited(): boolean {
    return this.run?.status !== undefined;
  }

  /** SIGTERM (or another signal) to its group, once; `as` is the state it moves to. */
  signal(signal: NodeJS.Signals, as: 'stopping' | 'restarting' = 'stopping'): void {
    const pid = this.pid;
    if (this.gone || !pid) return;
    if (this.current === 'running') this.moveTo(as);
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
    const run = this.run;
    if (!run || run.gone || !run.status || run.openStreams === 0) return false;
    const pid = run.handle?.pid;
    return !pid || !this.deps.control.groupAlive(pid);
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
    if (!run.status || run.openStreams > 0) return false;
    if (!run.reported) {
      run.reported = true;
      const { intent } = this;
      this.moveTo('exited', {
        status: run.status,
        ...(intent?.attempt && { restart: { delayMs: intent.delayMs, attempt: intent.attempt } }),
        ...(this.held && { held: true as const }),
      });
    }
    const pid = run.handle?.pid;
    if (pid && this.deps.control.groupAlive(pid)) return false;
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

  private moveTo(to: ProcessState, extra: Pick<StateEvent, 'status' | 'restart'> = {}): void {
    const from = this.current;
    this.current = to;
    this.deps.emit({ kind: 'state', name: this.name, from, to, pid: this.pid, ...extra, at: this.deps.now() });
  }

  private lines(stream: StreamName, batch: ReturnType<LineSplitter['push']>): void {
    if (!batch) return;
    this.deps.emit({ kind: 'line', name: this.name, stream, bytes: batch.data, continuation: batch.continuation, at: this.deps.now() });
  }
}
