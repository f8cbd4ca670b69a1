import type { Policy } from './policy.js';

/** Foreman's rule: the first process to exit (unless asked to) stops everything. */
export const firstExitStopsAll: Policy = {
  decide(input, { stopping }) {
    if (input.kind !== 'exit' || input.intended || stopping) return [];
    return [{ kind: 'shutdown', cause: 'exit', name: input.name }];
  },
};
