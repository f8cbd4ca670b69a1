/**
 * What the runtime tells its consumers (the text printer, the watchdog feed,
 * an API subscriber, log files), and the file watcher of `--watch` through the same fanout. Events are data, never sentences: the wording lives in
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
 * The life of one process. `waiting` while the processes it starts after
 * are not ready; `starting` until spawned; `running`; `ready` once its
 * readiness rule holds (when it has one); `stopping`
 * once it was sent SIGTERM (a shutdown, or a stop of that process alone);
 * `restarting` while it is being stopped to start again; `exited` once its
 * leader exited and its output is complete; `stopped` after a stop of that
 * process alone, until it is restarted.
 */
export type ProcessState = 'waiting' | 'starting' | 'running' | 'ready' | 'stopping' | 'restarting' | 'exited' | 'stopped';

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
  /** with `to: 'ready'`: what made it ready, and how long after its start */
  ready?: { afterMs: number; port?: number; pattern?: string };
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
  /** SIGTERM (or the type's stop signal) to these processes' groups; `all`: every live process at once */
  | { phase: 'term'; names: string[]; signal: NodeJS.Signals; all: boolean }
  /** a signal during the shutdown: kill at once */
  | { phase: 'kill-now'; signal: StopSignal }
  /** SIGKILL to these processes' trees and groups */
  | { phase: 'kill'; names: string[] }
  /** a signal to processes we started that left their group (setsid) */
  | { phase: 'escaped'; signal: 'SIGTERM' | 'SIGKILL'; count: number }
  /** after SIGKILL, a pipe held by a process outside the group is no longer read */
  | { phase: 'abandon'; name: string };

export type ShutdownEvent = { kind: 'shutdown'; at: number } & ShutdownStep;

/** A process still waits to start, every few seconds: for these processes, each by its rule (`port 5100`). */
export interface WaitingEvent {
  kind: 'waiting';
  name: string;
  for: Array<{ name: string; rule: string }>;
  at: number;
}

/** Before a process starts: its PORT is already taken, by this holder when we may see it. */
export interface PortInUseEvent {
  kind: 'port-in-use';
  name: string;
  port: number;
  holder: { pid?: number; command?: string };
  /** a base port that would move every port past this one */
  suggestion: number;
  at: number;
}

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
 * Writing a process's log file (`--log-dir`) failed; procman no longer
 * writes that file. Not from the runtime: the log-file consumer reports it.
 */
export interface LogFileEvent {
  kind: 'log-file';
  /** the process whose log it is */
  name: string;
  /** the file, as the log folder was given */
  path: string;
  /** why: `ENOSPC` (the disk is full), `EIO`, ...; `ETIMEDOUT`: at exit, the file had not taken its last lines in time */
  code: string;
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

export type RuntimeEvent =
  | StateEvent
  | LineEvent
  | ShutdownEvent
  | WaitingEvent
  | PortInUseEvent
  | LogFileEvent
  | RestartEvent
  | WatchEvent;
