import { exitCodeOf } from './exit-code.js';
import { type ExitExemption, firstExitStopsAll } from './first-exit.js';
import type { Policy } from './policy.js';
import { type Backoff, type RestartRules, restartModeOf, restartOnExit } from './restart.js';
import { signalStops } from './signals.js';
import { stopRequestsStop } from './stop-requests.js';
import { waitForChange } from './watch.js';

export { ExitCodeRule, exitCodeOf } from './exit-code.js';
export type { ExitExemption } from './first-exit.js';
export type { Decision, Policy, PolicyContext, PolicyInput } from './policy.js';
export { type Backoff, backoffDelay, DEFAULT_BACKOFF, type RestartMode, type RestartRules } from './restart.js';

/** Foreman's behaviour: the first exit or a signal stops everything. */
export const foremanPolicies: readonly Policy[] = [firstExitStopsAll(), signalStops, stopRequestsStop];

export interface LifecycleOptions {
  /** types restarted when they exit (`all` for every type) */
  restart?: RestartRules;
  /** types whose processes may exit without stopping the others (`all` for every type) */
  canDie?: ReadonlySet<string>;
  /** types restarted when files they watch change (`all` for every type): their exits wait for the next change */
  watch?: ReadonlySet<string>;
  backoff?: Backoff;
  /** `release` runs first: its clean exit is what lets the rest start, not the end of the run */
  release?: boolean;
}

const named = (types: ReadonlySet<string>, type: string) => types.has(type) || types.has('all');

/**
 * The policies of a run: Foreman's, except that a can-die process's exit,
 * a restarted type's exit, a watched type's exit (it waits for the next
 * change, or is restarted as usual when --restart names it too), a clean
 * exit of an on-failure type (its work is done), and the clean exit of a
 * release phase stop nothing.
 */
export function lifecyclePolicies({
  restart = new Map(),
  canDie = new Set(),
  watch = new Set(),
  backoff,
  release = false,
}: LifecycleOptions = {}): Policy[] {
  const exempt: ExitExemption = ({ type, status }) =>
    named(canDie, type) ||
    named(watch, type) ||
    restartModeOf(restart, type) !== undefined ||
    (release && type === 'release' && exitCodeOf(status) === 0);
  const policies: Policy[] = [firstExitStopsAll(exempt), signalStops, stopRequestsStop];
  if (restart.size > 0) policies.push(restartOnExit(restart, backoff));
  if (watch.size > 0) policies.push(waitForChange(watch));
  return policies;
}
