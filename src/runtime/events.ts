/**
 * What the runtime tells its consumers (the text printer, the watchdog feed,
 * an API subscriber), and the file watcher of `--watch` through the same fanout. Events are data, never sentences: the wording lives in
 * output/wording.ts. `at` is when it happened (for a line: when it arrived),
 * in milliseconds since the epoch.
 */

/** How a process ended: an exit code, or the signal that killed it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the process could not be started at all */
  error?: string;
}

/**
 * The life of one process. `starting` until spawned; `running`; `stopping`
 * once it was sent SIGTERM (a shutdown, or a stop of that process alone);
 * `restarting` while it is being stopped to start again; `exited` once its
 * leader exited and its output is complete. Later states (`ready`,
 * `crashed`, `stopped`) slot in here.
 */
export type ProcessState = 'starting' | 'running' | 'stopping' | 'restarting' | 'exited';

export type StreamName = 'stdout' | 'stderr';

/** The signals that stop procman itself. */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface StateEvent {
  kind: 'state';
  name: string;
  from: ProcessState;
  to: ProcessState;
  pid: number | undefined;
  /** with `to: 'exited'` */
  status?: ExitStatus;
  /** with `to: 'exited'`: it will be started again, after `delayMs` (restart attempt `attempt`) */
  restart?: { delayMs: number; attempt: number };
  /** with `to: 'exited'`: it waits, gone, to be restarted from outside (a change of a file it watches) */
  held?: true;
  at: number;
}

/** One or more whole lines of one stream, each ending in `\n`, bytes as the child wrote them. */
export interface LineEvent {
  kind: 'line';
  name: string;
  stream: StreamName;
  bytes: Buffer;
  /** the first line continues a line cut at the line cap */
  continuation: boolean;
  at: number;
}

/** Why a shutdown began. */
export type ShutdownCause = 'exit' | 'signal' | 'output-closed' | 'stop';

/** The steps of a shutdown, in the order they can happen. */
export type ShutdownStep =
  /** `name` exited (cause exit) or `signal` arrived (cause signal) */
  | { phase: 'begin'; cause: ShutdownCause; signal?: StopSignal; name?: string }
  /** SIGTERM to these processes' groups */
  | { phase: 'term'; names: string[] }
  /** a signal during the shutdown: kill at once */
  | { phase: 'kill-now'; signal: StopSignal }
  /** SIGKILL to these processes' trees and groups */
  | { phase: 'kill'; names: string[] }
  /** a signal to processes we started that left their group (setsid) */
  | { phase: 'escaped'; signal: 'SIGTERM' | 'SIGKILL'; count: number }
  /** after SIGKILL, a pipe held by a process outside the group is no longer read */
  | { phase: 'abandon'; name: string };

export type ShutdownEvent = { kind: 'shutdown'; at: number } & ShutdownStep;

/** Why a process was restarted from outside: files under a path it watches changed (`--watch`). */
export interface ChangeReason {
  kind: 'change';
  /** the first of the changed files, relative to the root, in the order they changed (at most 10) */
  paths: string[];
  /** how many files changed in the burst, all told */
  count: number;
}

export type RestartReason = ChangeReason;

/** A process is being restarted from outside, and why; its state events follow. */
export interface RestartEvent {
  kind: 'restart';
  name: string;
  reason: RestartReason;
  at: number;
}

/**
 * The file watcher of `--watch` (not the runtime): it is ready, watching
 * these paths for these types (as given, relative to the root); or it met an
 * error (the first of each code: changes may be missed; it goes on).
 */
export type WatchEvent = { kind: 'watch'; at: number } & (
  | { phase: 'ready'; types: Array<{ type: string; paths: string[] }> }
  | { phase: 'error'; code: string }
);

export type RuntimeEvent = StateEvent | LineEvent | ShutdownEvent | RestartEvent | WatchEvent;
