import { constants } from 'node:os';
import type { ExitStatus, ShutdownCause } from '../events.js';
import type { PolicyContext, PolicyInput } from './policy.js';

/**
 * procman's exit code: 0 when the user (a signal, the API, our output going
 * away) stopped the run; otherwise the code of the exit that ended it (with
 * Foreman's policy: the first process to exit), 128 + n when signal n
 * killed it. A run whose processes all ended on their own, without a
 * shutdown, exits with the first failure's code, or 0.
 */
export class ExitCodeRule {
  private latest: ExitStatus | undefined;
  private firstFailure: ExitStatus | undefined;
  private ending: ExitStatus | 'user' | undefined;

  observe(input: PolicyInput, { stopping }: PolicyContext): void {
    if (stopping || input.kind !== 'exit' || input.intended) return;
    this.latest = input.status;
    if (!this.firstFailure && exitCodeOf(input.status) !== 0) this.firstFailure = input.status;
  }

  /** A shutdown began, for this cause (an exit: the one observed last). */
  began(cause: ShutdownCause): void {
    this.ending ??= cause === 'exit' ? this.latest : 'user';
  }

  code(): number {
    if (this.ending === 'user') return 0;
    const status = this.ending ?? this.firstFailure;
    return status ? exitCodeOf(status) : 0;
  }
}

/** A status as a shell reports it: the code, or 128 + the signal's number. */
export function exitCodeOf(status: ExitStatus): number {
  if (status.signal) return 128 + (constants.signals[status.signal] ?? 0);
  return status.code ?? 1;
}
