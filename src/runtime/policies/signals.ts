import type { Policy } from './policy.js';

/** SIGINT, SIGTERM or SIGHUP starts a shutdown; another one during it kills at once. */
export const signalStops: Policy = {
  decide(input, { stopping }) {
    if (input.kind !== 'signal') return [];
    if (stopping) return [{ kind: 'kill-now', signal: input.signal }];
    return [{ kind: 'shutdown', cause: 'signal', signal: input.signal }];
  },
};
