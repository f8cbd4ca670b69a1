/**
 * Settings as the commands take them: parsed and typed, once. cli.ts turns
 * commander's strings into these; the API takes them almost as they are.
 */
import { ProcmanError } from './errors.js';
import { type Formation, parseFormation, parsePort } from './project/formation.js';
import type { ProjectOptions } from './project/paths.js';
import type { RestartMode, RestartRules } from './runtime/policies/index.js';
import type { WatchRules } from './watch/rules.js';

export type CommonSettings = Omit<ProjectOptions, 'cwd'>;

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
  /** paths (relative to the root) whose changes restart a type's processes; `all` for every type */
  watch?: WatchRules;
}

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
}

export const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT = 2_147_483;

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

/** Parses -m, or undefined for the default (all=1). */
export function parseFormationOption(value: string | undefined): Formation | undefined {
  return value === undefined ? undefined : parseFormation(value);
}
