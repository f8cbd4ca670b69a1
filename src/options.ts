/**
 * Settings as the commands take them: parsed and typed, once. cli.ts turns
 * commander's strings into these; the API takes them almost as they are.
 */
import { ProcmanError } from './errors.js';
import { type Formation, parseFormation, parsePort } from './project/formation.js';
import type { ProjectOptions } from './project/paths.js';

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
