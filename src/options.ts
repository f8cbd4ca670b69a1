/**
 * Settings as the commands take them: parsed and typed, once. cli.ts turns
 * commander's strings into these; the API takes them almost as they are.
 */
import { ProcmanError } from './errors.js';
import { type Formation, parseFormation, parsePort } from './project/formation.js';
import type { ProjectOptions } from './project/paths.js';
import type { RestartMode, RestartRules } from './runtime/policies/index.js';
import { parseReadyRule, type ReadyRule } from './runtime/readiness.js';
import type { AfterRules } from './runtime/start-order.js';
import type { WatchRules } from './watch/rules.js';

export type CommonSettings = Omit<ProjectOptions, 'cwd' | 'environment'>;

export interface StartSettings extends CommonSettings {
  /** process types named on the command line; empty: all */
  only: string[];
  formation?: Formation;
  port?: number;
  timeoutMs: number;
  /** true: force on; false: off; undefined: detect */
  color?: boolean;
  timestamps: boolean;
  /** types restarted when they exit; `all` for every type */
  restart?: RestartRules;
  /** types whose processes may exit without stopping the others; `all` for every type */
  canDie?: ReadonlySet<string>;
  /** readiness rules by type (`all` for every type) */
  ready?: ReadonlyMap<string, ReadyRule>;
  /** for each type, the types it starts after */
  after?: AfterRules;
  /** stop signal by type (default SIGTERM) */
  stopSignals?: ReadonlyMap<string, NodeJS.Signals>;
  /** timeout by type, overriding timeoutMs */
  timeouts?: ReadonlyMap<string, number>;
  /** warn about ports already in use before starting (default true) */
  portCheck?: boolean;
  /** the console: prefixed text, or one JSON object a line */
  format: OutputFormat;
  /** a folder for one log file per process (`<name>.log`), relative to the cwd */
  logDir?: string;
  /** text console: stderr lines marked `!` instead of `|` */
  markStderr: boolean;
  /** text console: process types whose output lines are hidden (their state lines stay) */
  quiet: string[];
  /** text console: false prints every line as written, without prefix */
  prefix: boolean;
  /** paths (relative to the root) whose changes restart a type's processes; `all` for every type */
  watch?: WatchRules;
  /** offer the control socket (`procman status` and the like); the CLI's default, off with --no-control */
  control?: boolean;
  /** types whose processes run on a pseudo-terminal, for `procman attach` (`all`: every type) */
  tty?: ReadonlySet<string>;
  /** the process (`repl.1`, or a type of one instance) that gets procman's own input */
  stdin?: string;
}

export type OutputFormat = 'text' | 'ndjson';

export interface RunSettings extends CommonSettings {
  port?: number;
}

export interface ExportSettings extends CommonSettings {
  formation?: Formation;
  port?: number;
  timeoutMs: number;
  app?: string;
  user?: string;
  log?: string;
  run?: string;
  template?: string;
  image?: string;
}

export const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT = 2_147_483;

/** Parses -t with per-type values, `5,web=20`: the default and the types' own, in milliseconds. */
export function parseTimeouts(value: string): { timeoutMs: number; timeouts: Map<string, number> } {
  const timeouts = new Map<string, number>();
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  for (const item of value.split(',').map((t) => t.trim())) {
    const eq = item.indexOf('=');
    if (eq === -1) timeoutMs = parseTimeout(item);
    else timeouts.set(checkType(item.slice(0, eq), '-t'), parseTimeout(item.slice(eq + 1)));
  }
  return { timeoutMs, timeouts };
}

/** Parses -t: seconds, a non-negative number (fractions allowed); returns milliseconds. */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ProcmanError(`invalid timeout "${value}": expected a number of seconds, 0 or more`, {
      hint: 'for example -t 10',
    });
  }
  if (seconds > MAX_TIMEOUT) {
    // Node's timers overflow past 2^31 - 1 ms and would fire at once
    throw new ProcmanError(`invalid timeout "${value}": at most ${MAX_TIMEOUT} seconds (about 24 days)`);
  }
  return Math.round(seconds * 1000);
}

/** Parses -p. */
export function parsePortOption(value: string): number {
  return parsePort(value, '-p/--port');
}

/** Parses -e: comma-separated files. */
export function parseEnvList(value: string): string[] {
  return parseList(value);
}

/** Parses -q: comma-separated process types. */
export function parseTypeList(value: string): string[] {
  return parseList(value);
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

const TYPE = /^[A-Za-z0-9_-]+$/;

/** Parses a list of process types, `web,worker` (or `all`), for the flag named. */
export function parseTypes(value: string, flag: string): Set<string> {
  const types = new Set<string>();
  for (const item of value.split(',').map((t) => t.trim())) {
    if (item === '') continue;
    if (!TYPE.test(item))
      throw new ProcmanError(`invalid process type "${item}" for ${flag}`, { hint: `for example ${flag} worker,clock` });
    types.add(item);
  }
  if (types.size === 0) throw new ProcmanError(`${flag} needs process types`, { hint: `for example ${flag} worker,clock` });
  return types;
}

/** Parses --restart: `worker,clock=always` (`on-failure` when no mode is given; `all` for every type). */
export function parseRestart(value: string): RestartRules {
  const rules = new Map<string, RestartMode>();
  for (const item of value.split(',').map((t) => t.trim())) {
    if (item === '') continue;
    const [type = '', mode = 'on-failure', extra] = item.split('=');
    if (!TYPE.test(type) || extra !== undefined || (mode !== 'on-failure' && mode !== 'always')) {
      throw new ProcmanError(`invalid --restart "${item}": expected <type>, <type>=on-failure or <type>=always`, {
        hint: 'for example --restart worker or --restart all=always',
      });
    }
    rules.set(type, mode);
  }
  if (rules.size === 0) throw new ProcmanError('--restart needs process types', { hint: 'for example --restart worker' });
  return rules;
}

function checkType(type: string, flag: string): string {
  if (!TYPE.test(type)) throw new ProcmanError(`invalid process type "${type}" for ${flag}`);
  return type;
}

/** Splits `a=x,b=/re,gex/,c=y` into `TYPE=VALUE` pairs; a comma inside /.../ belongs to the value. */
function typedItems(value: string, flag: string, example: string): Array<[string, string]> {
  const items: Array<[string, string]> = [];
  let rest = value.trim();
  while (rest !== '') {
    const match = /^([A-Za-z0-9_-]+)=(\/(?:\\.|[^/])*\/[a-z]*|[^,]*)(?:,|$)/.exec(rest);
    if (!match) throw new ProcmanError(`invalid ${flag} "${value}": expected <type>=<value>`, { hint: `for example ${flag} ${example}` });
    items.push([match[1] ?? '', match[2] ?? '']);
    rest = rest.slice(match[0].length).trim();
  }
  return items;
}

/** Parses --ready: `web=port,redis=port:6379,worker=/ready/` (`all` for every type). */
export function parseReady(values: readonly string[]): Map<string, ReadyRule> {
  const rules = new Map<string, ReadyRule>();
  for (const value of values) {
    for (const [type, rule] of typedItems(value, '--ready', 'web=port,worker=/ready/')) rules.set(type, parseReadyRule(rule, type));
  }
  return rules;
}

/**
 * Parses --after: `web=db,redis` (web starts after db and redis); repeat
 * the flag for another type, or go on in one value: `web=db,redis,worker=web`
 * (a type without `=` belongs to the type before it).
 */
export function parseAfter(values: readonly string[]): Map<string, string[]> {
  const after = new Map<string, string[]>();
  for (const value of values) {
    let current: string | undefined;
    for (const item of value.split(',').map((t) => t.trim())) {
      const eq = item.indexOf('=');
      if (eq !== -1) current = item.slice(0, eq).trim();
      const dep = eq === -1 ? item : item.slice(eq + 1).trim();
      if (current === undefined || !TYPE.test(current) || !TYPE.test(dep)) {
        throw new ProcmanError(`invalid --after "${value}": expected <type>=<types it starts after>`, {
          hint: 'for example --after web=db,redis',
        });
      }
      after.set(current, [...(after.get(current) ?? []), dep]);
    }
  }
  return after;
}

/** A repeatable option's values: from the command line a list, from a defaults file one string. */
export function listOf(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

const STOP_SIGNALS = ['TERM', 'INT', 'HUP', 'QUIT', 'USR1', 'USR2', 'KILL'];

/** Parses --stop-signal: `web=INT,worker=QUIT` (with or without SIG). */
export function parseStopSignals(values: readonly string[]): Map<string, NodeJS.Signals> {
  const signals = new Map<string, NodeJS.Signals>();
  for (const value of values) {
    for (const [type, raw] of typedItems(value, '--stop-signal', 'web=INT')) {
      const name = raw.trim().toUpperCase().replace(/^SIG/, '');
      if (!STOP_SIGNALS.includes(name)) {
        throw new ProcmanError(`invalid --stop-signal "${raw}" for ${type}`, { hint: `one of ${STOP_SIGNALS.join(', ')}` });
      }
      signals.set(type, `SIG${name}` as NodeJS.Signals);
    }
  }
  return signals;
}

/** Parses --format: `text`, or `ndjson` (alias `json`). */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === 'text') return 'text';
  if (value === 'ndjson' || value === 'json') return 'ndjson';
  throw new ProcmanError(`invalid format "${value}" for --format: expected text or ndjson`, { hint: 'for example --format ndjson' });
}

/** Parses -m, or undefined for the default (all=1). */
export function parseFormationOption(value: string | undefined): Formation | undefined {
  return value === undefined ? undefined : parseFormation(value);
}
