/**
 * `--watch TYPE=PATHS`: which paths each process type watches, as the user
 * wrote them (relative to the root). Parsed from the CLI's strings (the same
 * form a defaults file gives) or from the API's record. Pure.
 */
import { ProcmanError } from '../errors.js';

/** Paths (folders, files or globs, relative to the root) by process type; `all` applies to every type. */
export type WatchRules = ReadonlyMap<string, readonly string[]>;

const TYPE = /^[A-Za-z0-9_-]+$/;
const HINT = "for example --watch web=src,lib or --watch 'worker=jobs/**/*.js'";

/**
 * Parses `--watch` values: each `TYPE=PATHS`, paths comma-separated (a comma
 * inside a glob's braces, `*.{js,ts}`, belongs to the glob). Several types in
 * one value are separated by `;` (`web=src;worker=jobs`), so that one string
 * can say everything; the flag can also be repeated. A type given twice
 * watches the paths of both.
 */
export function parseWatch(values: string | readonly string[]): WatchRules {
  const rules = new Map<string, string[]>();
  const items = (typeof values === 'string' ? [values] : values).flatMap((value) => splitOutsideBraces(value, ';'));
  for (const item of items.map((i) => i.trim())) {
    if (item === '') continue;
    const at = item.indexOf('=');
    const type = item.slice(0, at).trim();
    const paths = splitOutsideBraces(item.slice(at + 1), ',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (at === -1 || type === '' || paths.length === 0) {
      throw new ProcmanError(`invalid --watch "${item}": expected <type>=<paths>, the paths comma-separated`, { hint: HINT });
    }
    addRule(rules, type, paths);
  }
  if (rules.size === 0) throw new ProcmanError('--watch needs <type>=<paths>', { hint: HINT });
  return rules;
}

/** The API's `watch: { web: ['src', 'lib'] }`, checked as the CLI's. */
export function watchRulesFrom(record: Readonly<Record<string, readonly string[]>>): WatchRules {
  const rules = new Map<string, string[]>();
  for (const [type, paths] of Object.entries(record)) {
    const given = Array.isArray(paths) ? paths.map((p) => (typeof p === 'string' ? p.trim() : '')) : [];
    if (given.length === 0 || given.includes('')) {
      throw new ProcmanError(`invalid watch option for "${type}": expected an array of paths`, {
        hint: "for example watch: { web: ['src', 'lib'] }",
      });
    }
    addRule(rules, type, given);
  }
  if (rules.size === 0) throw new ProcmanError('the watch option names no process type', { hint: "for example watch: { web: ['src'] }" });
  return rules;
}

/**
 * The paths each process type of the Procfile watches, in Procfile order,
 * `all` spread over every type. A type the Procfile does not have is an error.
 */
export function watchedPathsByType(rules: WatchRules, types: readonly string[]): Map<string, string[]> {
  for (const type of rules.keys()) {
    if (type !== 'all' && !types.includes(type)) {
      throw new ProcmanError(`unknown process type "${type}" for --watch; known: ${types.join(', ')}`, {
        hint: 'name a process type of the Procfile, for example --watch web=src',
      });
    }
  }
  const byType = new Map<string, string[]>();
  for (const type of types) {
    const paths = [...new Set([...(rules.get('all') ?? []), ...(rules.get(type) ?? [])])];
    if (paths.length > 0) byType.set(type, paths);
  }
  return byType;
}

function addRule(rules: Map<string, string[]>, type: string, paths: string[]): void {
  if (!TYPE.test(type)) throw new ProcmanError(`invalid process type "${type}" for --watch`, { hint: HINT });
  const known = rules.get(type) ?? [];
  rules.set(type, [...new Set([...known, ...paths])]);
}

/** Splits on `separator` where it is not inside `{...}`. */
export function splitOutsideBraces(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
