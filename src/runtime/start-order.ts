import { ProcmanError } from '../errors.js';
import type { ProcessSpec } from '../project/ports.js';

/** `--after web=db,redis`: for each type, the types it starts after. */
export type AfterRules = ReadonlyMap<string, readonly string[]>;

/** A cycle in the start order, as the types along it (`web, db, web`), or undefined. */
export function findCycle(after: AfterRules): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (type: string): string[] | undefined => {
    if (state.get(type) === 'done') return undefined;
    if (state.get(type) === 'visiting') return [...path.slice(path.indexOf(type)), type];
    state.set(type, 'visiting');
    path.push(type);
    for (const next of after.get(type) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(type, 'done');
    return undefined;
  };
  for (const type of after.keys()) {
    const cycle = visit(type);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Refuses unknown types and cycles, naming them. */
export function checkStartOrder(after: AfterRules, known: readonly string[]): void {
  for (const [type, deps] of after) {
    for (const name of [type, ...deps]) {
      if (!known.includes(name)) throw new ProcmanError(`unknown process type "${name}" in --after; known: ${known.join(', ')}`);
    }
    if (deps.includes(type)) throw new ProcmanError(`--after: ${type} cannot start after itself`);
  }
  const cycle = findCycle(after);
  if (cycle)
    throw new ProcmanError(`--after has a cycle: ${cycle.join(' -> ')}`, {
      hint: 'one of these types must start without waiting for the others',
    });
}

/**
 * Which processes each process waits for: every instance of the types it
 * starts after that is in the formation (a type scaled to 0 is not waited
 * for), and every release process when a release phase runs first.
 */
export function dependenciesOf(specs: readonly ProcessSpec[], after: AfterRules, { release = false } = {}): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const spec of specs) byType.set(spec.type, [...(byType.get(spec.type) ?? []), spec.name]);
  const deps = new Map<string, string[]>();
  for (const spec of specs) {
    const names = (after.get(spec.type) ?? []).flatMap((type) => byType.get(type) ?? []);
    if (release && spec.type !== 'release') names.unshift(...(byType.get('release') ?? []));
    if (names.length > 0) deps.set(spec.name, names);
  }
  return deps;
}
