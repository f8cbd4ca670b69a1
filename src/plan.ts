import type { StartSettings } from './options.js';
import { unknownTypeError } from './project/formation.js';
import type { ProcessSpec } from './project/ports.js';
import type { ProcfileEntry } from './project/procfile.js';
import { defaultReadyRule, type ReadyRule } from './runtime/readiness.js';
import type { StopRule } from './runtime/shutdown.js';
import type { StartPlan } from './runtime/start-gate.js';
import { checkStartOrder, dependenciesOf } from './runtime/start-order.js';

/** Refuses per-type settings that name a type the Procfile does not have (`all` aside), and start-order cycles. */
export function checkTypeSettings(settings: StartSettings, entries: ProcfileEntry[]): void {
  const named = [
    ...(settings.restart?.keys() ?? []),
    ...(settings.canDie ?? []),
    ...(settings.ready?.keys() ?? []),
    ...(settings.stopSignals?.keys() ?? []),
    ...(settings.timeouts?.keys() ?? []),
    ...(settings.tty ?? []),
  ];
  for (const type of named) if (type !== 'all' && !entries.some((e) => e.name === type)) throw unknownTypeError(type, entries);
  for (const type of settings.quiet) {
    if (!entries.some((e) => e.name === type)) throw unknownTypeError(type, entries, { where: ' in -q/--quiet' });
  }
  checkStartOrder(
    settings.after ?? new Map(),
    entries.map((e) => e.name),
  );
}

/**
 * Heroku's release phase runs when the formation has `release` and more:
 * release first, alone, to completion; the rest once it exited 0. Not for
 * `procman start web` (named types).
 */
export function hasReleasePhase(specs: readonly ProcessSpec[], settings: StartSettings): boolean {
  return settings.only.length === 0 && specs.some((s) => s.type === 'release') && specs.some((s) => s.type !== 'release');
}

/**
 * The start order and readiness rules of a run, or undefined when every
 * process starts at once and nothing is probed (Foreman's behaviour, at no
 * cost). A process someone waits for without a rule of its own gets the
 * default rule (its port for web and $PORT commands, else its start).
 */
export function startPlanFor(specs: readonly ProcessSpec[], settings: StartSettings): StartPlan | undefined {
  const release = hasReleasePhase(specs, settings);
  const dependencies = dependenciesOf(specs, settings.after ?? new Map(), { release });
  const waitedFor = new Set([...dependencies.values()].flat());
  const rules = new Map<string, ReadyRule>();
  for (const spec of specs) {
    const own = settings.ready?.get(spec.type) ?? settings.ready?.get('all');
    if (release && spec.type === 'release') rules.set(spec.name, { kind: 'completed' });
    else if (own) rules.set(spec.name, own);
    else if (waitedFor.has(spec.name)) rules.set(spec.name, defaultReadyRule(spec.type, spec.command));
  }
  return dependencies.size === 0 && rules.size === 0 ? undefined : { dependencies, rules };
}

/** How each process is stopped: its type's signal and timeout, else SIGTERM and -t. */
export function stopRuleFor(settings: StartSettings): (spec: ProcessSpec) => StopRule {
  return (spec) => ({
    signal: settings.stopSignals?.get(spec.type) ?? 'SIGTERM',
    timeoutMs: settings.timeouts?.get(spec.type) ?? settings.timeoutMs,
  });
}
