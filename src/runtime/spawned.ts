import type { ProcessSpec } from '../project/ports.js';
import type { ExitStatus, StreamName } from './events.js';
import { type LineBatch, LineSplitter } from './lines.js';
import type { ChildHandle, ProcessControl, Spawn } from './seams.js';

export interface SpawnDeps {
  spawn: Spawn;
  control: ProcessControl;
  cwd: string;
  lineCap: number;
  now: () => number;
}

export interface SpawnListener {
  lines(stream: StreamName, batch: LineBatch): void;
  /** one stream ended */
  ended(): void;
  /** the leader exited (a spawn that throws sets `status` at once instead) */
  exited(status: ExitStatus): void;
}

/**
 * One spawn of a process: its handle, line splitting, and the rule "leader
 * exited, streams closed and group empty ⇒ gone". A restart makes a new one;
 * the old one's late callbacks go to the listener it was made with.
 */
export class Spawned {
  readonly startedAt: number;
  readonly handle: ChildHandle | undefined;
  private openStreams = 2;
  status: ExitStatus | undefined;
  /** its exit was reported */
  reported = false;
  /** exited, output complete and group empty: nothing of it is left */
  gone = false;

  constructor(
    spec: ProcessSpec,
    private readonly deps: SpawnDeps,
    listener: SpawnListener,
  ) {
    this.startedAt = deps.now();
    const splitters = { stdout: new LineSplitter(deps.lineCap), stderr: new LineSplitter(deps.lineCap) };
    const emit = (stream: StreamName, batch: LineBatch | undefined) => batch && listener.lines(stream, batch);
    try {
      this.handle = deps.spawn(
        { command: spec.command, env: spec.env, cwd: deps.cwd, name: spec.name },
        {
          data: (stream, chunk) => emit(stream, splitters[stream].push(chunk)),
          end: (stream) => {
            emit(stream, splitters[stream].end());
            this.openStreams--;
            listener.ended();
          },
        },
      );
    } catch (error) {
      this.openStreams = 0;
      // the code only: Node's message may quote the environment, which holds secrets
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
      this.status = { code: 1, signal: null, error: `could not start (${code})` };
      return; // the caller sees `status` at once
    }
    this.handle.exit.then((status) => {
      this.status = status;
      listener.exited(status);
    });
  }

  get pid(): number | undefined {
    return this.handle?.pid;
  }

  /** The leader exited and every stream ended. */
  get complete(): boolean {
    return this.status !== undefined && this.openStreams === 0;
  }

  groupAlive(): boolean {
    const pid = this.pid;
    return pid !== undefined && this.deps.control.groupAlive(pid);
  }

  /** Its leader exited and its group is empty, but a pipe is still open: a process outside the group holds it. */
  get heldByEscaped(): boolean {
    return !this.gone && this.status !== undefined && this.openStreams > 0 && !this.groupAlive();
  }
}
