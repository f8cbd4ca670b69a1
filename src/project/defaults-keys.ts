/**
 * The keys of the defaults files, and how each YAML value is written as the
 * string its flag takes (`restart: { worker: always }` → `worker=always`), so
 * that the flag's own parse function reads it: one parser per option.
 */
import {
  parseAfter,
  parseOutputFormat,
  parseReady,
  parseRestart,
  parseStopSignals,
  parseTimeouts,
  parseTypeList,
  parseTypes,
} from '../options.js';
import { parseWatch } from '../watch/rules.js';
import { parseFormation } from './formation.js';
import type { YamlEntry, YamlValue } from './yaml.js';

/** What a flag holds: its argument, or true/false for a switch (--color, --no-timestamp). */
export type FlagValue = string | boolean;
/** A value of the wrong shape: the line of the offending part, and what is wrong when "must be ..." would not say it. */
export interface Bad {
  bad: number;
  message?: string;
}
type Render = (value: YamlValue) => FlagValue | Bad;

export interface KeySpec {
  /** also read from `.foreman` (a Foreman option) */
  foreman?: boolean;
  render: Render;
  /** completes `"key" must be ...` */
  expected: string;
  /** a line of the file, for the hint */
  example: string;
  /** the flag's parse function: the rendered string must pass it, so `check` finds what the flag would refuse */
  check?: (flag: string) => unknown;
}

const TYPE = /^[A-Za-z0-9_-]+$/;
const bad = (at: { line: number }, message?: string): Bad => ({ bad: at.line, ...(message && { message }) });
export const isBad = (value: FlagValue | Bad): value is Bad => typeof value === 'object';

/** A string, or a number written as one (`user: 1000`). */
const text: Render = (v) => {
  if (v.kind !== 'scalar' || (typeof v.value !== 'string' && typeof v.value !== 'number')) return bad(v);
  return String(v.value).trim() === '' ? bad(v) : String(v.value);
};
const flag: Render = (v) => (v.kind === 'scalar' && typeof v.value === 'boolean' ? v.value : bad(v));
const port: Render = (v) => {
  const written = text(v);
  return typeof written === 'string' && /^\d+$/.test(written) && Number(written) >= 1 && Number(written) <= 65535 ? written : bad(v);
};
const count: Render = (v) => (v.kind === 'scalar' && Number.isInteger(v.value) && Number(v.value) >= 0 ? String(v.value) : bad(v));
const seconds: Render = (v) => (v.kind === 'scalar' && typeof v.value === 'number' ? String(v.value) : text(v));
/** One item of a comma-separated flag value. */
const item: Render = (v) => {
  const written = text(v);
  if (typeof written === 'string' && written.includes(',')) return bad(v, `item "${written}" has a comma, which separates items`);
  return written;
};

function joined(parts: Array<FlagValue | Bad>, separator = ','): FlagValue | Bad {
  return parts.find(isBad) ?? parts.join(separator);
}

/** A list (`[a, b]` → `a,b`), or the flag's own string. */
const list =
  (each: Render = item): Render =>
  (v) => {
    if (v.kind !== 'list') return text(v);
    return v.items.length === 0 ? bad(v) : joined(v.items.map(each));
  };

/** A map of process type to value (`{ web: 2 }` → `web=2`; `defaultKey`'s value comes first, bare), or the flag's own string. */
const perType =
  (
    each: Render,
    { defaultKey, otherwise = text, separator = ',' }: { defaultKey?: string; otherwise?: Render; separator?: string } = {},
  ): Render =>
  (v) => {
    if (v.kind !== 'map') return otherwise(v);
    if (v.entries.length === 0) return bad(v);
    const entry = (e: YamlEntry): FlagValue | Bad => {
      if (e.key === defaultKey) return each(e.value);
      if (!TYPE.test(e.key)) return bad(e, `key "${e.key}" is not a process type (letters, digits, _ and -)`);
      const value = each(e.value);
      return isBad(value) ? value : `${e.key}=${value}`;
    };
    const first = v.entries.filter((e) => e.key === defaultKey);
    return joined([...first, ...v.entries.filter((e) => e.key !== defaultKey)].map(entry), separator);
  };

const path = (what: string, example: string): KeySpec => ({ foreman: true, render: text, expected: what, example });

/** Every key, in the order the README documents them. */
export const KEYS: Readonly<Record<string, KeySpec>> = {
  procfile: path('a path, like Procfile.dev', 'procfile: Procfile.dev'),
  root: path('a folder, like ../app', 'root: ../app'),
  env: { foreman: true, render: list(), expected: 'a file or a list of files', example: 'env: [.env, .env.local]' },
  formation: {
    foreman: true,
    render: perType(count),
    expected: 'a map of process type to count, or a string like all=1,web=2',
    example: 'formation: { all: 1, web: 2 }',
    check: parseFormation,
  },
  port: { foreman: true, render: port, expected: 'a number from 1 to 65535', example: 'port: 5000' },
  timeout: {
    foreman: true,
    render: perType(seconds, { defaultKey: 'default', otherwise: seconds }),
    expected: 'a number of seconds, or a map like { default: 5, web: 20 }',
    example: 'timeout: 10',
    check: parseTimeouts,
  },
  color: { foreman: true, render: flag, expected: 'true or false', example: 'color: false' },
  timestamp: { foreman: true, render: flag, expected: 'true or false', example: 'timestamp: false' },
  restart: {
    render: perType(item, { otherwise: list() }),
    expected: 'a list of process types, or a map of type to on-failure or always',
    example: 'restart: { worker: on-failure, clock: always }',
    check: parseRestart,
  },
  'can-die': {
    render: list(),
    expected: 'a list of process types',
    example: 'can-die: [migrate, assets]',
    check: (value) => parseTypes(value, 'can-die'),
  },
  ready: {
    render: perType(item),
    expected: 'a map of process type to a rule (port, port:N, /regex/, started)',
    example: 'ready: { web: port }',
    check: (value) => parseReady([value]),
  },
  after: {
    render: perType(list()),
    expected: 'a map of process type to the types it waits for',
    example: 'after: { web: [db, redis] }',
    check: (value) => parseAfter([value]),
  },
  // watch: read and shaped here; its flag adds its parse function as `check`
  // --watch separates types with ';' (its paths take the commas)
  watch: {
    render: perType(list(), { separator: ';' }),
    expected: 'a map of process type to paths',
    example: 'watch: { web: [src, lib] }',
    check: (value) => parseWatch(value),
  },
  'stop-signal': {
    render: perType(item),
    expected: 'a map of process type to a signal',
    example: 'stop-signal: { web: INT }',
    check: (value) => parseStopSignals([value]),
  },
  'port-check': { render: flag, expected: 'true or false', example: 'port-check: false' },
  format: { render: text, expected: 'text or ndjson', example: 'format: ndjson', check: parseOutputFormat },
  'log-dir': { render: text, expected: 'a folder, like log', example: 'log-dir: log' },
  'mark-stderr': { render: flag, expected: 'true or false', example: 'mark-stderr: true' },
  quiet: { render: list(), expected: 'a list of process types', example: 'quiet: [worker, clock]', check: parseTypeList },
  prefix: { render: flag, expected: 'true or false', example: 'prefix: false' },
  expand: { render: flag, expected: 'true or false', example: 'expand: false' },
  image: { render: text, expected: 'a container image, like registry.example/app:1.0', example: 'image: registry.example/app:1.0' },
  control: { render: flag, expected: 'true or false', example: 'control: false' },
  stdin: { render: text, expected: 'a process name', example: 'stdin: repl' },
  tty: {
    // true: every type (--tty alone), or the types (--tty web,repl)
    render: (v) => (v.kind === 'scalar' && v.value === true ? true : list()(v)),
    expected: 'true, or a list of process types',
    example: 'tty: [repl]',
  },
  app: path('a name', 'app: myapp'),
  user: path('a user name', 'user: deploy'),
  log: path('a folder', 'log: /var/log/myapp'),
  run: path('a folder', 'run: /var/run/myapp'),
  template: path('a folder', 'template: ./deploy/templates'),
};

/** Foreman's older names, read from `.foreman` only. */
export const FOREMAN_ALIASES: Readonly<Record<string, string>> = { concurrency: 'formation' };
