/**
 * What `--watch` watches, and what a changed file means: pure functions of
 * the rules and the root (paths are only strings here; nothing is read).
 */
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';

// picomatch is CommonJS, and loaded only with --watch (this module is imported lazily).
const picomatch = createRequire(import.meta.url)('picomatch') as typeof import('picomatch');

/** Folders skipped below a watched path, unless the path names them. */
export const IGNORED_NAMES: readonly string[] = ['node_modules', '.git'];

/** One path of one type: a folder or file (everything under it), or a glob below its literal base. */
export interface WatchTarget {
  type: string;
  /** as the user wrote it */
  pattern: string;
  /** absolute: the folder or file, or the glob's literal part */
  base: string;
  /** whether a file at this path below `base` (`/`-separated; '' for base itself) counts */
  matches(below: string): boolean;
  /** the ignored names the pattern itself names (those are watched) */
  named: ReadonlySet<string>;
}

export interface WatchPlan {
  /** the types watched, in Procfile order */
  types: string[];
  /** each type's paths as given */
  byType: ReadonlyMap<string, readonly string[]>;
  targets: WatchTarget[];
  /** what the watcher watches: each base once, none inside another */
  roots: string[];
  /** whether the watcher may skip this absolute path and all below it */
  ignored(path: string): boolean;
  /** the types a change of this file (absolute path) restarts, in Procfile order */
  typesOf(path: string): string[];
  /** how a changed file is named in messages: relative to the root */
  shown(path: string): string;
}

/** The plan for these paths by type (relative to `root`, or absolute). */
export function planWatch(byType: ReadonlyMap<string, readonly string[]>, root: string): WatchPlan {
  const targets = [...byType].flatMap(([type, patterns]) => patterns.map((pattern) => targetOf(type, pattern, root)));
  const bases = [...new Set(targets.map((t) => t.base))];
  const roots = bases.filter((base) => !bases.some((other) => other !== base && within(base, other)));
  const wants = (target: WatchTarget, path: string) => within(path, target.base) && !ignoredBelow(target, below(path, target.base));
  return {
    types: [...byType.keys()],
    byType,
    targets,
    roots,
    // kept: whatever some target wants, and the folders on the way to a target's base
    ignored: (path) => !targets.some((t) => wants(t, path) || within(t.base, path)),
    typesOf: (path) => [...new Set(targets.filter((t) => wants(t, path) && t.matches(below(path, t.base))).map((t) => t.type))],
    shown: (path) => relative(root, path) || '.',
  };
}

function targetOf(type: string, pattern: string, root: string): WatchTarget {
  const named = new Set(IGNORED_NAMES.filter((name) => pattern.split(/[\\/]/).includes(name)));
  const scan = picomatch.scan(pattern);
  if (!scan.isGlob) return { type, pattern, base: resolve(root, pattern), matches: () => true, named };
  const match = picomatch(scan.glob);
  return { type, pattern, base: resolve(root, scan.base || '.'), matches: (path) => path !== '' && match(path), named };
}

/** Whether a path below a target's base goes through a folder it skips. */
function ignoredBelow(target: WatchTarget, path: string): boolean {
  if (path === '') return false;
  return path.split('/').some((segment) => IGNORED_NAMES.includes(segment) && !target.named.has(segment));
}

/** `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** `path` relative to `base` (inside it), `/`-separated. */
function below(path: string, base: string): string {
  const rest = relative(base, path);
  return isAbsolute(rest) ? rest : rest.split(sep).join('/');
}
