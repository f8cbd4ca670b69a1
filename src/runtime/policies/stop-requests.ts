import type { Policy } from './policy.js';

/** Our output went away (`procman start | head`), or the API asked: stop everything. */
export const stopRequestsStop: Policy = {
  decide(input) {
    if (input.kind === 'output-closed') return [{ kind: 'shutdown', cause: 'output-closed' }];
    if (input.kind === 'stop') return [{ kind: 'shutdown', cause: 'stop' }];
    return [];
  },
};
