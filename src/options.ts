/**
 * Settings as the commands take them: parsed and typed, once. cli.ts turns
 * commander's strings into these; the API takes them almost as they are.
 */
import { ProcmanError } from './errors.js';
import { type Formation, parseFormation, parsePort } from './project/formation.js';
import type { ProjectOptions } from './project/paths.js';

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
  image?: string;
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

/** Parses -m, or undefined for the default (all=1). */
export function parseFormationOption(value: string | undefined): Formation | undefined {
  return value === undefined ? undefined : parseFormation(value);
}
