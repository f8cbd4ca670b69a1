import { exitCodeOf } from './exit-code.js';
import type { Policy } from './policy.js';

/** When a type's processes are restarted: after a failure only, or after any exit. */
export type RestartMode = 'on-failure' | 'always';

/** Restart modes by process type; `all` applies to every type not named. */
export type RestartRules = ReadonlyMap<string, RestartMode>;

export interface Backoff {
  /** the first delay; each further attempt doubles it */
  firstMs: number;
  capMs: number;
  /** a process that stayed up this long starts again from the first delay */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, capMs: 30_000, resetAfterMs: 10_000 };

/** The delay before attempt n (1-based): first, doubled each time, capped. */
export function backoffDelay(attempt: number, { firstMs, capMs }: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(capMs, firstMs * 2 ** Math.min(attempt - 1, 30));
}

export function restartModeOf(rules: RestartRules, type: string): RestartMode | undefined {
  return rules.get(type) ?? rules.get('all');
}

/**
 * Restarts the processes of the named types when they exit (on failure, or
 * always), with a doubling backoff that resets once a process stayed up a
 * while, so a crash loop never spins. Exits it was asked for, and exits
 * during a shutdown, are left alone.
 */
export function restartOnExit(rules: RestartRules, backoff: Backoff = DEFAULT_BACKOFF): Policy {
  const attempts = new Map<string, number>();
  return {
    decide(input, { stopping }) {
      if (input.kind !== 'exit' || input.intended || stopping) return [];
      const mode = restartModeOf(rules, input.type);
      if (!mode || (mode === 'on-failure' && exitCodeOf(input.status) === 0)) return [];
      const attempt = input.uptimeMs >= backoff.resetAfterMs ? 1 : (attempts.get(input.name) ?? 0) + 1;
      attempts.set(input.name, attempt);
      return [{ kind: 'restart', name: input.name, delayMs: backoffDelay(attempt, backoff), attempt }];
    },
  };
}
