/**
 * `--watch` for a run: checks the paths, watches them, and restarts a type's
 * processes once a burst of changes under its paths is over. Imported only
 * when --watch is given.
 */
import { statSync } from 'node:fs';
import { ProcmanError } from '../errors.js';
import { type WatchPaths, watchPaths } from '../os/watcher.js';
import type { ChangeReason, WatchEvent } from '../runtime/events.js';
import { ChangeBatcher, DEFAULT_QUIET_MS } from './batch.js';
import { planWatch, type WatchPlan } from './plan.js';
import { type WatchRules, watchedPathsByType } from './rules.js';

/**
 * The plan for these rules: every type must be the Procfile's, and every
 * path must exist (a glob: its folder part) under the root.
 */
export function prepareWatch(rules: WatchRules, { types, root }: { types: readonly string[]; root: string }): WatchPlan {
  const plan = planWatch(watchedPathsByType(rules, types), root);
  for (const target of plan.targets) {
    if (!exists(target.base)) {
      const missing = plan.shown(target.base);
      throw new ProcmanError(`--watch ${target.type}=${target.pattern}: no such file or folder: ${missing}`, {
        hint: `watched paths are relative to the root folder, ${root}`,
      });
    }
  }
  return plan;
}

export interface WatchingOptions {
  /** restart this type's processes, saying why */
  restart(type: string, reason: ChangeReason): void;
  /** tell the consumers (the console: `watching ...`) */
  emit(event: WatchEvent): void;
  quietMs?: number;
  watch?: WatchPaths;
  now?: () => number;
}

export interface Watching {
  /** stops watching and drops pending changes */
  close(): Promise<void>;
}

/** Watches the plan's paths until closed. */
export function startWatching(plan: WatchPlan, options: WatchingOptions): Watching {
  const { restart, emit, quietMs = DEFAULT_QUIET_MS, watch = watchPaths, now = Date.now } = options;
  const batcher = new ChangeBatcher({
    quietMs,
    onBurst: (bursts) => {
      for (const { type, paths, count } of bursts) restart(type, { kind: 'change', paths, count });
    },
  });
  const reported = new Set<string>();
  const watcher = watch(plan.roots, {
    ignored: (path) => plan.ignored(path),
    changed: (path) => batcher.add(plan.typesOf(path), plan.shown(path)),
    ready: () =>
      emit({ kind: 'watch', phase: 'ready', types: [...plan.byType].map(([type, paths]) => ({ type, paths: [...paths] })), at: now() }),
    error: (error) => {
      const code = error.code ?? error.name;
      if (reported.has(code)) return;
      reported.add(code);
      emit({ kind: 'watch', phase: 'error', code, at: now() });
    },
  });
  return {
    async close() {
      batcher.close();
      await watcher.close();
    },
  };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
