import { createRequire } from 'node:module';
import type { Problem } from '../problems.js';

/**
 * `${VAR}` in env files, expanded by dotenv-expand: `${VAR}`, `$VAR`,
 * `${VAR:-default}` (also `-`, `:+`, `+`), `\$` for a literal `$`. A reference
 * sees the lines above it, earlier env files, then procman's environment,
 * in the precedence the processes get them (files win). Single-quoted
 * values are literal, as in a shell, Docker Compose and Ruby's dotenv.
 */
type Env = Record<string, string>;

/** One `NAME=value` line of an env file: its line and how its value is quoted. */
export interface Assignment {
  name: string;
  line: number;
  quote: string | undefined;
}

/** A `${NAME...}` or `$NAME` in a value, as dotenv-expand finds them (not after a backslash). */
export interface Reference {
  name: string;
  /** shown in messages: `${NAME}`, `$NAME`, or `${NAME:-…}` (never the default itself) */
  shown: string;
  /** it has an operator (`:-`, `-`, `:+`, `+`), so an unset NAME is intended */
  operator: boolean;
}

const REFERENCE = /(?<!\\)\$\{([^{}]+)\}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/g;
const OPERATOR = /:\+|\+|:-|-/;

export function referencesIn(value: string): Reference[] {
  return [...value.matchAll(REFERENCE)].map(([, braced, bare]) => {
    if (bare !== undefined) return { name: bare, shown: `$${bare}`, operator: false };
    const operator = OPERATOR.exec(braced ?? '');
    const name = operator ? (braced ?? '').slice(0, operator.index) : (braced ?? '');
    return { name, shown: operator ? `\${${name}${operator[0]}…}` : `\${${name}}`, operator: operator !== null };
  });
}

/** dotenv-expand is CommonJS: require skips the ESM bridge, and it loads only when a value holds a `$`. */
const require = createRequire(import.meta.url);
/** The key the value is expanded under: not a name any reference can spell (an env file holds no NUL). */
const SLOT = '\0value';

/**
 * Expands one value against scope. The scope's values are literal: dotenv-expand
 * rescans what it substitutes, so their `$` are escaped (`\$`, which it turns
 * back into `$`). The value's own name is not in processEnv under its name, so
 * dotenv-expand's "the environment wins" shortcut does not apply: files win.
 */
export function expandValue(value: string, scope: Env): string {
  if (!value.includes('$')) return value;
  const { expand } = require('dotenv-expand') as typeof import('dotenv-expand');
  const processEnv: Env = {};
  for (const [name, literal] of Object.entries(scope)) processEnv[name] = literal.replaceAll('$', '\\$');
  const parsed: Env = { [SLOT]: value };
  expand({ parsed, processEnv });
  return parsed[SLOT] ?? value;
}

export interface ExpandFileOptions {
  file: string;
  /** the file's lines, for line numbers and quotes (the last one of a name counts, as in dotenv) */
  assignments: Assignment[];
  /** what a reference sees before this file: procman's environment under the earlier files */
  scope: Env;
  /** false: `--no-expand`, values stay as written */
  expand: boolean;
}

export interface ExpandResult {
  env: Env;
  /** values whose meaning depends on expansion: a reference to nothing, or one left as written */
  warnings: Problem[];
}

/** Expands a file's values in order, each seeing the ones above it; single-quoted values stay as written. */
export function expandFile(parsed: Env, { file, assignments, scope: before, expand }: ExpandFileOptions): ExpandResult {
  const lines = new Map(assignments.map((a) => [a.name, a]));
  const scope: Env = { ...before };
  const env: Env = {};
  const warnings: Problem[] = [];
  for (const [name, raw] of Object.entries(parsed)) {
    const assignment = lines.get(name);
    const literal = assignment?.quote === "'";
    const value = expand && !literal ? expandValue(raw, scope) : raw;
    const warning = literal ? undefined : warningFor(name, raw, value, scope, expand);
    if (warning) warnings.push({ file, ...(assignment && { line: assignment.line }), ...warning });
    env[name] = value;
    scope[name] = value;
  }
  return { env, warnings };
}

function listed(refs: Reference[]): string {
  const shown = [...new Set(refs.map((r) => r.shown))];
  return shown.length === 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function warningFor(name: string, raw: string, value: string, scope: Env, expand: boolean): Omit<Problem, 'file'> | undefined {
  if (!expand) {
    if (expandValue(raw, scope) === raw) return undefined;
    const refs = referencesIn(raw);
    const what = refs.length > 0 ? `uses ${listed(refs)}` : 'holds \\$';
    return {
      message: `${name} ${what}, kept as written: expansion is off (--no-expand)`,
      hint: 'drop --no-expand to expand it, or single-quote the value to mark it literal',
    };
  }
  if (value === raw) return undefined;
  const unset = referencesIn(raw).filter((r) => !r.operator && scope[r.name] === undefined);
  const [first] = unset;
  if (!first) return undefined;
  const plural = unset.length > 1;
  return {
    message: `${name} uses ${listed(unset)}, which ${plural ? 'are' : 'is'} not set: ${plural ? 'they become' : 'it becomes'} empty`,
    hint: `set ${first.name} in an env file, give a default like \${${first.name}:-value}, or write \\$ (or single-quote the value) for a literal $`,
  };
}
