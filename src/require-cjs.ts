/**
 * Loads a CommonJS dependency with require() (no ESM bridge and its export
 * scan), from the module at `from` (its import.meta.url; the CLI bundle gets
 * its own file name there). node:module is fetched on the first call, not
 * imported: it costs 2-3 ms of start-up, and most runs load nothing this way.
 */
export function requireFrom<T>(from: string, id: string): T {
  return process.getBuiltinModule('node:module').createRequire(from)(id) as T;
}
