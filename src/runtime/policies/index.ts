import { firstExitStopsAll } from './first-exit.js';
import type { Policy } from './policy.js';
import { signalStops } from './signals.js';
import { stopRequestsStop } from './stop-requests.js';

export { ExitCodeRule, exitCodeOf } from './exit-code.js';
export type { Decision, Policy, PolicyContext, PolicyInput } from './policy.js';

/** Foreman's behaviour: the first exit or a signal stops everything. */
export const foremanPolicies: readonly Policy[] = [firstExitStopsAll, signalStops, stopRequestsStop];
