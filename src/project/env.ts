import { createRequire } from 'node:module';
import { type Problem, problemError } from '../problems.js';
import { type Assignment, expandFile } from './expand.js';
import { readRegularFile } from './files.js';

/**
 * Environment precedence, lowest first:
 *   1. procman's own environment (process.env)
 *   2. the env files, in the order given (later files win), `${VAR}` expanded (expand.ts)
 *   3. what procman sets per process: PORT and PS
 * PYTHONUNBUFFERED=1 is added when no layer sets it, so Python children
 * print live instead of when they exit.
 */
export type Env = Record<string, string>;

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)\s*(.*)$/;

/**
 * Finds what dotenv would silently skip or misread: lines that are not
 * KEY=value, and quotes that never close. The values themselves come from
 * dotenv; this only points at the lines it would drop.
 */
export function lintEnv(text: string, file: string): Problem[] {
  return scanEnv(text, file).problems;
}

export interface EnvScan {
  problems: Problem[];
  /** every NAME=value line, with its quote */
  assignments: Assignment[];
}

/** lintEnv's problems, and where each variable is set and how it is quoted (for expansion). */
export function scanEnv(text: string, file: string): EnvScan {
  const problems: Problem[] = [];
  const assignments: Assignment[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    // anywhere, quoted values included: no process can receive a NUL in its environment
    const line = text.slice(0, nul).replace(/\r\n?/g, '\n').split('\n').length;
    problems.push({ file, line, message: 'binary data (NUL byte); an env file is text', hint: 'check that -e names an env file' });
    return { problems, assignments };
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      // the text before "=" is not shown: on a broken line it may be part of a secret (a PEM key, a password)
      const named = /^\s*(?:export\s+)?[^=]+=/.test(line);
      problems.push({
        file,
        line: i + 1,
        message: named ? 'invalid variable name before "="' : 'expected KEY=value',
        hint: 'a name is letters, digits, _, . and -; write NAME=value, quoting values with spaces',
      });
      continue;
    }
    const value = (match[2] ?? '').trimStart();
    const quote = value[0];
    const quoted = quote === '"' || quote === "'" || quote === '`';
    assignments.push({ name: match[1] ?? '', line: i + 1, quote: quoted ? quote : undefined });
    if (!quoted) continue;
    const close = findClosingQuote(lines, i, line.length - value.length + 1, quote);
    if (close === undefined) {
      problems.push({
        file,
        line: i + 1,
        message: `unterminated ${quote} quote`,
        hint: `close the value with ${quote}, or escape the quote as \\${quote}`,
      });
      return { problems, assignments }; // the rest of the file would be read as part of this value
    }
    i = close;
  }
  return { problems, assignments };
}

/** The line index holding the quote that closes the value opened at (row, col), if any. */
function findClosingQuote(lines: string[], row: number, col: number, quote: string): number | undefined {
  for (let r = row; r < lines.length; r++) {
    const text = lines[r] ?? '';
    for (let c = r === row ? col : 0; c < text.length; c++) {
      if (text[c] === '\\') c++;
      else if (text[c] === quote) return r;
    }
  }
  return undefined;
}

export interface EnvFileResult {
  env: Env;
  problems: Problem[];
}

export interface EnvFilesResult extends EnvFileResult {
  /** values whose meaning depends on expansion (`check` shows them) */
  warnings: Problem[];
}

/** dotenv is loaded only when there is an env file to read (it is CommonJS: require skips the ESM bridge). */
const require = createRequire(import.meta.url);

/** Parses one env file's text with dotenv, plus the problems dotenv would hide. */
export function parseEnv(text: string, file: string): EnvFileResult {
  const { env, problems } = parseEnvFile(text, file);
  return { env, problems };
}

function parseEnvFile(text: string, file: string): EnvFileResult & EnvScan {
  const { parse } = require('dotenv') as typeof import('dotenv');
  return { env: parse(text), ...scanEnv(text, file) };
}

export type ReadText = (path: string) => string | undefined;

/** Reads an env file, or undefined when it does not exist; other failures are errors naming the file. */
export const readTextFile: ReadText = (path) => readRegularFile(path, { what: 'an env file' })?.toString('utf8');

export interface LoadEnvOptions {
  /** Files named with -e: each must exist. */
  files?: string[];
  /** The default `.env`: read only when present. */
  optionalFile?: string;
  readText?: ReadText;
  /** expand `${VAR}` (default true; false is `--no-expand`) */
  expand?: boolean;
  /** what references see under the files: procman's environment (export: none) */
  environment?: NodeJS.ProcessEnv | Env;
}

/** Reads the env files (later wins), expanding references, collecting every problem found in them. */
export function readEnvFiles(options: LoadEnvOptions): EnvFilesResult {
  const { files, optionalFile, readText = readTextFile, expand = true, environment = {} } = options;
  const env: Env = {};
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const base: Env = {};
  for (const [name, value] of Object.entries(environment)) if (value !== undefined) base[name] = value;
  const paths = files ?? (optionalFile ? [optionalFile] : []);
  for (const path of paths) {
    const text = readText(path);
    if (text === undefined) {
      if (files) problems.push({ file: path, message: 'env file not found', hint: 'check the path given to -e/--env' });
      continue;
    }
    const parsed = parseEnvFile(text, path);
    const expanded = expandFile(parsed.env, { file: path, assignments: parsed.assignments, scope: { ...base, ...env }, expand });
    Object.assign(env, expanded.env);
    problems.push(...parsed.problems);
    warnings.push(...expanded.warnings);
  }
  return { env, problems, warnings };
}

/** Like readEnvFiles, but the first problem is an error. */
export function loadEnv(options: LoadEnvOptions): Env {
  const { env, problems } = readEnvFiles(options);
  const [first] = problems;
  if (first) throw problemError(first, problems.length - 1);
  return env;
}

/** The environment a child gets: base < files < per-process. */
export function childEnv(base: NodeJS.ProcessEnv | Env, files: Env, own: Env = {}): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  Object.assign(env, files, own);
  if (env.PYTHONUNBUFFERED === undefined) env.PYTHONUNBUFFERED = '1';
  return env;
}
