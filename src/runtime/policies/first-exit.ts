import type { Policy, PolicyInput } from './policy.js';

/** An exit that does not end the run: a one-shot task, a process that will be restarted. */
export type ExitExemption = (exit: Extract<PolicyInput, { kind: 'exit' }>) => boolean;

/** Foreman's rule: the first process to exit (unless asked to, or exempt) stops everything. */
export function firstExitStopsAll(exempt: ExitExemption = () => false): Policy {
  return {
    decide(input, { stopping }) {
      if (input.kind !== 'exit' || input.intended || stopping || exempt(input)) return [];
      return [{ kind: 'shutdown', cause: 'exit', name: input.name }];
    },
  };
}
