/**
 * The defaults files: `.foreman` (Foreman's) and `procman.yml` (procman's),
 * read from the current folder as Foreman reads `.foreman`. Each holds long
 * option names and values; each value is written as the string its flag
 * takes (defaults-keys.ts) and checked by the flag's own parse function.
 * Precedence: the command line > procman.yml > .foreman > built-in defaults.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ProcmanError } from '../errors.js';
import { type Problem, problemError } from '../problems.js';
import { closest } from '../suggest.js';
import { type FlagValue, FOREMAN_ALIASES, isBad, KEYS } from './defaults-keys.js';
import { readRegularFile } from './files.js';
import { parseYaml, type YamlEntry, type YamlValue } from './yaml.js';

export const FOREMAN_FILE = '.foreman';
export const PROCMAN_FILE = 'procman.yml';

export type Dialect = 'foreman' | 'procman';

/** One option's value from a file, as its flag would hold it, and where it was written. */
export interface DefaultSetting {
  value: FlagValue;
  file: string;
  line: number;
}

/** Values by long option name (`can-die`), and every problem found on the way. */
export interface Defaults {
  values: Record<string, DefaultSetting>;
  problems: Problem[];
}

/** Reads one defaults file's text: YAML 1.1 for `.foreman`, as Ruby reads it; 1.2 for procman.yml. */
export function parseDefaults(text: string, { file, dialect }: { file: string; dialect: Dialect }): Defaults {
  const { root, problems } = parseYaml(text, { file, version: dialect === 'foreman' ? '1.1' : '1.2' });
  // a file that is not plain YAML (a syntax error, an alias) is not read any further
  return problems.length > 0 ? { values: {}, problems } : defaultsFrom(root, { file, dialect });
}

/** The keys of one file's top-level map, each rendered and checked. */
export function defaultsFrom(root: YamlValue | undefined, { file, dialect }: { file: string; dialect: Dialect }): Defaults {
  const values: Record<string, DefaultSetting> = {};
  const problems: Problem[] = [];
  if (root === undefined) return { values, problems };
  if (root.kind !== 'map') {
    const message = 'expected long option names and their values';
    return { values, problems: [{ file, line: root.line, message, hint: 'one `name: value` a line, like port: 5000' }] };
  }
  const seen = new Map<string, YamlEntry>();
  for (const entry of root.entries) {
    const key = (dialect === 'foreman' && FOREMAN_ALIASES[entry.key]) || entry.key;
    const spec = KEYS[key];
    if (spec === undefined || (dialect === 'foreman' && !spec.foreman)) {
      problems.push(unknownKey(entry, { file, dialect }));
      continue;
    }
    const earlier = seen.get(key);
    if (earlier) {
      const message = `"${entry.key}" and "${earlier.key}" (line ${earlier.line}) both set ${key}`;
      problems.push({
        file,
        line: entry.line,
        message,
        hint: `keep one: "${entry.key === key ? earlier.key : entry.key}" is Foreman's old name`,
      });
      continue;
    }
    seen.set(key, entry);
    const value = spec.render(entry.value);
    if (isBad(value)) {
      const message = `"${entry.key}" ${value.message ?? `must be ${spec.expected}`}`;
      problems.push({ file, line: value.bad, message, hint: `for example ${spec.example}` });
      continue;
    }
    try {
      if (typeof value === 'string') spec.check?.(value);
    } catch (error) {
      if (!(error instanceof ProcmanError)) throw error;
      problems.push({ file, line: entry.line, message: error.message, hint: `for example ${spec.example}` });
      continue;
    }
    values[key] = { value, file, line: entry.line };
  }
  return { values, problems };
}

function unknownKey(entry: YamlEntry, { file, dialect }: { file: string; dialect: Dialect }): Problem {
  const at = { file, line: entry.line };
  if (dialect === 'foreman' && KEYS[entry.key]) {
    return { ...at, message: `"${entry.key}" is a procman setting, not a Foreman option`, hint: `move it to ${PROCMAN_FILE}` };
  }
  const message = `unknown key "${entry.key}"`;
  const renamed = dialect === 'procman' ? FOREMAN_ALIASES[entry.key] : undefined;
  if (renamed) return { ...at, message, hint: `did you mean "${renamed}"? ("${entry.key}" is Foreman's old name for it)` };
  const known = Object.keys(KEYS).filter((key) => dialect === 'procman' || KEYS[key]?.foreman);
  // canDie, can_die and Port are near misses too
  const normal = entry.key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replaceAll('_', '-')
    .toLowerCase();
  const near = closest(normal, known);
  return { ...at, message, hint: near ? `did you mean "${near}"?` : `known keys: ${known.join(', ')}` };
}

/** Layers, lowest first: a later file's value replaces an earlier one's for the whole option. */
export function layerDefaults(...layers: Defaults[]): Defaults {
  return {
    values: Object.assign({}, ...layers.map((layer) => layer.values)),
    problems: layers.flatMap((layer) => layer.problems),
  };
}

/** Reads `.foreman` and `procman.yml` from `cwd` (each optional), with every problem (`check`). */
export function readDefaults(cwd: string): Defaults {
  const layers: Defaults[] = [];
  for (const [file, dialect] of [
    [FOREMAN_FILE, 'foreman'],
    [PROCMAN_FILE, 'procman'],
  ] as const) {
    try {
      const bytes = readRegularFile(resolve(cwd, file), { what: 'a defaults file', shown: file });
      if (bytes) layers.push(parseDefaults(bytes.toString('utf8'), { file, dialect }));
    } catch (error) {
      if (!(error instanceof ProcmanError)) throw error;
      layers.push({ values: {}, problems: [{ message: error.message, ...(error.hint && { hint: error.hint }) }] });
    }
  }
  if (!existsSync(resolve(cwd, PROCMAN_FILE)) && existsSync(resolve(cwd, 'procman.yaml'))) {
    const message = `procman.yaml is not read: procman's defaults file is ${PROCMAN_FILE}`;
    layers.push({ values: {}, problems: [{ message, hint: `rename it to ${PROCMAN_FILE}` }] });
  }
  return layerDefaults(...layers);
}

/** Like readDefaults, but the first problem is an error (start, run, export). */
export function loadDefaults(cwd: string): Record<string, DefaultSetting> {
  const { values, problems } = readDefaults(cwd);
  const [first] = problems;
  if (first) throw problemError(first, problems.length - 1);
  return values;
}
