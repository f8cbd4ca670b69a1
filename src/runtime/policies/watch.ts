import type { Policy } from './policy.js';

/**
 * `--watch`: a watched type's process that exits by itself (crashed, or
 * done) waits for the next change of a file it watches instead of ending
 * the run or crash-looping. A restart policy for the same type still
 * applies; the change may then come first.
 */
export function waitForChange(types: ReadonlySet<string>): Policy {
  return {
    decide(input, { stopping }) {
      if (input.kind !== 'exit' || input.intended || stopping) return [];
      if (!types.has(input.type) && !types.has('all')) return [];
      return [{ kind: 'hold', name: input.name }];
    },
  };
}
