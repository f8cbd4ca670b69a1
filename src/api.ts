/**
 * procman's programmatic API: `import { start, check, loadProject } from 'procman'`.
 * The CLI is a thin layer over the same functions.
 */
import { ProcmanError } from './errors.js';
import { launch, type ProcmanHandle } from './launch.js';
import {
  DEFAULT_TIMEOUT_MS,
  parseAfter,
  parseEnvList,
  parseOutputFormat,
  parseReady,
  parseRestart,
  parseStopSignals,
  parseTimeout,
  parseTimeouts,
  parseTypes,
} from './options.js';
import type { Problem } from './problems.js';
import { type DefaultSetting, loadDefaults, readDefaults } from './project/defaults.js';
import { parseFormation, parsePort } from './project/formation.js';
import { basePortFor } from './project/ports.js';
import { loadProject as loadProjectFiles, type Project, readProject } from './project/project.js';
import type { RuntimeEvent } from './runtime/events.js';
import type { RestartMode } from './runtime/policies/index.js';
import { checkStartOrder } from './runtime/start-order.js';
import { watchRulesFrom } from './watch/rules.js';

export { ProcmanError } from './errors.js';
export type { ProcmanHandle } from './launch.js';
export type { Problem } from './problems.js';
export type { ProcessSpec } from './project/ports.js';
export type { ProcfileEntry } from './project/procfile.js';
export type { Project } from './project/project.js';
export type * from './runtime/events.js';
export type { RestartMode } from './runtime/policies/index.js';
export type { ProcessStatus } from './runtime/process.js';

/** Where the project is: the CLI's -f, -d and -e. Paths are relative to `cwd`. */
export interface ProjectOptions {
  /** the Procfile (default `Procfile`) */
  procfile?: string;
  /** the folder the processes run in (default: the Procfile's folder) */
  root?: string;
  /** env files instead of `<root>/.env`; each must exist, later wins */
  env?: string[];
  /** expand `${VAR}` in the env files (default true; false is the CLI's `--no-expand`) */
  expand?: boolean;
  /** default: process.cwd() */
  cwd?: string;
  /**
   * read `procman.yml` and `.foreman` in `cwd`, as the CLI does (default true):
   * their values apply to the options left undefined here
   */
  defaults?: boolean;
}

export interface StartOptions extends ProjectOptions {
  /** process types to start (default: all); as `procman start web worker` */
  only?: string[];
  /** how many of each type: `'all=1,web=2'` or `{ all: 1, web: 2 }` (default all=1) */
  formation?: string | Record<string, number>;
  /** base port (default: PORT from the env files, else from `environment`, else 5000) */
  port?: number;
  /** seconds between SIGTERM and SIGKILL at shutdown (default 5) */
  timeout?: number;
  /** `'console'`: prefixed, coloured lines on stdout as the CLI prints them; `'none'` (default): nothing */
  output?: 'console' | 'none';
  /** the console's format: `'text'` (default) or `'ndjson'`, one JSON object a line (README: Output for machines) */
  format?: 'text' | 'ndjson';
  /** console colour: true forces it on, false off (default: detect, as the CLI) */
  color?: boolean;
  /** console timestamps (default true) */
  timestamps?: boolean;
  /** text console: mark stderr lines `!` instead of `|` (default false) */
  markStderr?: boolean;
  /** text console: hide the output lines of these process types; their started/exited lines stay */
  quiet?: string[];
  /** text console: false prints every line as the process wrote it, no prefix (default true) */
  prefix?: boolean;
  /** also write each process's output to `<logDir>/<name>.log` (relative to `cwd`, appended), with or without a console */
  logDir?: string;
  /** stop on this program's SIGINT, SIGTERM and SIGHUP, as the CLI does (default false) */
  signals?: boolean;
  /** the environment the processes inherit, and `${VAR}` in the env files sees (default process.env) */
  environment?: NodeJS.ProcessEnv;
  /** called with every event, from the first */
  onEvent?: (event: RuntimeEvent) => void;
  /** restart these types' processes when they fail: `['worker']`, or `{ worker: 'always' }` to restart after any exit too (`all`: every type) */
  restart?: string[] | Record<string, RestartMode>;
  /** these types' processes may exit without stopping the others */
  canDie?: string[];
  /** when a type counts as ready: `{ web: 'port', redis: 'port:6379', worker: '/ready/' }` (rules as for --ready) */
  ready?: Record<string, string>;
  /** start order: `{ web: ['db', 'redis'] }` starts web once db and redis are ready */
  after?: Record<string, string[]>;
  /** a type's stop signal instead of SIGTERM: `{ web: 'SIGINT' }` */
  stopSignal?: Record<string, string>;
  /** a type's own timeout in seconds, overriding `timeout`: `{ web: 20 }` */
  timeouts?: Record<string, number>;
  /** warn about ports already in use before starting (default true) */
  portCheck?: boolean;
  /**
   * restart a type's processes when files under these paths change: folders,
   * files or globs, relative to the root (`{ web: ['src', 'views/*.html'] }`;
   * `all`: every type); its processes that exit wait for the next change
   */
  watch?: Record<string, string[]>;
  /**
   * offer the control socket, as the CLI's start does, so `procman status`,
   * `restart`, `stop` and `logs` reach this run from a terminal; a run of the
   * same Procfile already offering one makes `start` throw (default false)
   */
  control?: boolean;
  /** run these types' processes (`true`: every type) on a pseudo-terminal, so `procman attach` reaches them (with `control`) */
  tty?: boolean | string[];
}

/**
 * Starts a Procfile's processes. Resolves once the project is read (throws
 * a ProcmanError for a bad Procfile, env file or option); the processes
 * start right after, and `handle.exitCode` resolves when they are all gone.
 */
export async function start(given: StartOptions = {}): Promise<ProcmanHandle> {
  const values = given.defaults === false ? {} : loadDefaults(given.cwd ?? process.cwd());
  const options = underDefaults(given, values);
  /** a defaults-file value in its flag's string form, parsed as the flag's */
  const fromFile = <V>(key: string, parse: (value: string) => V): V | undefined => {
    const value = values[key]?.value;
    return typeof value === 'string' ? parse(value) : undefined;
  };
  const fileTimeouts = fromFile('timeout', parseTimeouts);
  const { only = [], formation, port, timeout, output = 'none', color, timestamps = true, signals = false } = options;
  const { format = 'text', markStderr = false, quiet = [], prefix = true, logDir } = options;
  const { environment = process.env, onEvent, cwd = process.cwd() } = options;
  return launch(
    {
      ...projectOf(options),
      only,
      formation: formationOf(formation),
      port: port === undefined ? undefined : parsePort(String(port), 'the port option'),
      timeoutMs: timeout === undefined ? (fileTimeouts?.timeoutMs ?? DEFAULT_TIMEOUT_MS) : parseTimeout(String(timeout)),
      color,
      timestamps,
      restart: restartOf(options.restart),
      canDie: options.canDie === undefined ? undefined : parseTypes(options.canDie.join(','), 'canDie'),
      ready: options.ready ? parseReady([pairs(options.ready)]) : fromFile('ready', (v) => parseReady([v])),
      after: options.after
        ? parseAfter(Object.entries(options.after).map(([type, deps]) => `${type}=${deps.join(',')}`))
        : fromFile('after', (v) => parseAfter([v])),
      stopSignals: options.stopSignal
        ? parseStopSignals([pairs(options.stopSignal)])
        : fromFile('stop-signal', (v) => parseStopSignals([v])),
      timeouts: options.timeouts ? parseTimeouts(pairs(options.timeouts)).timeouts : fileTimeouts?.timeouts,
      portCheck: options.portCheck ?? (values['port-check']?.value === false ? false : undefined),
      format: parseOutputFormat(String(format)),
      markStderr,
      quiet,
      prefix,
      logDir,
      watch: options.watch === undefined ? undefined : watchRulesFrom(options.watch),
      tty: options.tty === true ? new Set(['all']) : Array.isArray(options.tty) ? parseTypes(options.tty.join(','), 'tty') : undefined,
    },
    { cwd, env: environment, output, signals, onEvent, control: options.control === true },
  );
}

export interface CheckOptions extends ProjectOptions {
  environment?: NodeJS.ProcessEnv;
  /** the start order to validate (unknown types, cycles), as StartOptions.after */
  after?: Record<string, string[]> | ReadonlyMap<string, readonly string[]>;
}

export interface CheckResult {
  ok: boolean;
  /** process types in Procfile order */
  types: string[];
  problems: Problem[];
  /** what does not stop a start but may not mean what it says: an env value using an unset `${VAR}` */
  warnings: Problem[];
}

/** Validates the Procfile and env files, as `procman check`: every problem, not just the first. */
export function check(given: CheckOptions = {}): CheckResult {
  const defaults = given.defaults === false ? { values: {}, problems: [] } : readDefaults(given.cwd ?? process.cwd());
  const options = underDefaults(given, defaults.values);
  const { environment = process.env } = options;
  const project = readProject({ ...projectOf(options), cwd: options.cwd, environment });
  const problems = [...defaults.problems, ...project.problems];
  const types = project.entries.map((e) => e.name);
  const after = given.after instanceof Map ? given.after : new Map(Object.entries(given.after ?? {}));
  for (const validate of [() => basePortFor(undefined, project.fileEnv, environment), () => checkStartOrder(after, types)]) {
    try {
      validate();
    } catch (error) {
      if (!(error instanceof ProcmanError)) throw error;
      problems.push({ message: error.message, ...(error.hint && { hint: error.hint }) });
    }
  }
  return { ok: problems.length === 0, types, problems, warnings: project.warnings };
}

/** Reads the Procfile and env files; throws a ProcmanError at the first problem. */
export function loadProject(given: ProjectOptions & { environment?: NodeJS.ProcessEnv } = {}): Project {
  const options = given.defaults === false ? given : underDefaults(given, loadDefaults(given.cwd ?? process.cwd()));
  return loadProjectFiles({ ...projectOf(options), cwd: options.cwd, environment: options.environment ?? process.env });
}

/**
 * The defaults files' values as options, under the caller's: an option given
 * (not undefined) wins. The values are the flags' strings, already checked by
 * the flags' parse functions; here they only take the API's types.
 */
function underDefaults<T extends ProjectOptions & Omit<StartOptions, 'after'>>(
  options: T,
  values: Readonly<Record<string, DefaultSetting>>,
): T {
  const text = (key: string) => {
    const value = values[key]?.value;
    return typeof value === 'string' ? value : undefined;
  };
  const flag = (key: string) => {
    const value = values[key]?.value;
    return typeof value === 'boolean' ? value : undefined;
  };
  const as = <V>(key: string, convert: (value: string) => V): V | undefined => {
    const value = text(key);
    return value === undefined ? undefined : convert(value);
  };
  const fromFile: StartOptions = {
    procfile: text('procfile'),
    root: text('root'),
    env: as('env', parseEnvList),
    formation: text('formation'),
    port: as('port', Number),
    color: flag('color'),
    timestamps: flag('timestamp'),
    restart: as('restart', (value) => [value]),
    canDie: as('can-die', (value) => [value]),
  };
  return { ...definedOnly(fromFile), ...definedOnly(options) } as T;
}

const definedOnly = <T extends object>(options: T): Partial<T> =>
  Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;

function projectOf({ procfile, root, env, expand }: ProjectOptions): Omit<ProjectOptions, 'cwd' | 'defaults'> {
  return { procfile, root, env, expand };
}

/** `{ web: 'port', db: 5 }` as the CLI writes it: `web=port,db=5`. */
function pairs(record: Record<string, string | number>): string {
  return Object.entries(record)
    .map(([type, value]) => `${type}=${value}`)
    .join(',');
}

function restartOf(restart: StartOptions['restart']) {
  if (restart === undefined) return undefined;
  const items = Array.isArray(restart) ? restart : Object.entries(restart).map(([type, mode]) => `${type}=${mode}`);
  return parseRestart(items.join(','));
}

function formationOf(formation: StartOptions['formation']) {
  if (formation === undefined) return undefined;
  if (typeof formation === 'string') return parseFormation(formation);
  return parseFormation(
    Object.entries(formation)
      .map(([type, count]) => `${type}=${count}`)
      .join(','),
  );
}
