import type { ExitStatus, ShutdownCause, StopSignal } from '../events.js';

/** What a policy is shown: an input, and whether a shutdown is under way. */
export type PolicyInput =
  /** a leader exited; `intended` when it was asked to stop or restart alone */
  | { kind: 'exit'; name: string; type: string; status: ExitStatus; intended: boolean; uptimeMs: number }
  | { kind: 'signal'; signal: StopSignal }
  /** our own output went away (EPIPE): nobody reads what the processes say */
  | { kind: 'output-closed' }
  /** the API's stop() */
  | { kind: 'stop' };

export interface PolicyContext {
  /** a shutdown is under way */
  stopping: boolean;
}

/** What a policy may ask for. Applying one twice is harmless, so the order of policies does not matter. */
export type Decision =
  | { kind: 'shutdown'; cause: ShutdownCause; signal?: StopSignal; name?: string }
  /** kill everything at once (a second signal) */
  | { kind: 'kill-now'; signal: StopSignal }
  /** start this process again, `delayMs` after it is gone */
  | { kind: 'restart'; name: string; delayMs: number; attempt: number }
  /** once gone, this process waits to be restarted from outside (a watched file changing): the run goes on */
  | { kind: 'hold'; name: string };

/** A rule of the run: receives inputs, returns decisions; patches nothing. */
export interface Policy {
  decide(input: PolicyInput, context: PolicyContext): Decision[];
}
