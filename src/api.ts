/**
 * procman's programmatic API: `import { start, check, loadProject } from 'procman'`.
 * The CLI is a thin layer over the same functions.
 */
import { ProcmanError } from './errors.js';
import { launch, type ProcmanHandle } from './launch.js';
import { DEFAULT_TIMEOUT_MS, parseRestart, parseTimeout, parseTypes } from './options.js';
import type { Problem } from './problems.js';
import { parseFormation, parsePort } from './project/formation.js';
import { basePortFor } from './project/ports.js';
import { loadProject as loadProjectFiles, type Project, readProject } from './project/project.js';
import type { RuntimeEvent } from './runtime/events.js';
import type { RestartMode } from './runtime/policies/index.js';
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
  /** default: process.cwd() */
  cwd?: string;
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
  /** console colour: true forces it on, false off (default: detect, as the CLI) */
  color?: boolean;
  /** console timestamps (default true) */
  timestamps?: boolean;
  /** stop on this program's SIGINT, SIGTERM and SIGHUP, as the CLI does (default false) */
  signals?: boolean;
  /** the environment the processes inherit (default process.env) */
  environment?: NodeJS.ProcessEnv;
  /** called with every event, from the first */
  onEvent?: (event: RuntimeEvent) => void;
  /** restart these types' processes when they fail: `['worker']`, or `{ worker: 'always' }` to restart after any exit too (`all`: every type) */
  restart?: string[] | Record<string, RestartMode>;
  /** these types' processes may exit without stopping the others */
  canDie?: string[];
  /**
   * restart a type's processes when files under these paths change: folders,
   * files or globs, relative to the root (`{ web: ['src', 'views/*.html'] }`;
   * `all`: every type); its processes that exit wait for the next change
   */
  watch?: Record<string, string[]>;
}

/**
 * Starts a Procfile's processes. Resolves once the project is read (throws
 * a ProcmanError for a bad Procfile, env file or option); the processes
 * start right after, and `handle.exitCode` resolves when they are all gone.
 */
export async function start(options: StartOptions = {}): Promise<ProcmanHandle> {
  const { only = [], formation, port, timeout, output = 'none', color, timestamps = true, signals = false } = options;
  const { environment = process.env, onEvent, cwd = process.cwd() } = options;
  return launch(
    {
      ...projectOf(options),
      only,
      formation: formationOf(formation),
      port: port === undefined ? undefined : parsePort(String(port), 'the port option'),
      timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : parseTimeout(String(timeout)),
      color,
      timestamps,
      restart: restartOf(options.restart),
      canDie: options.canDie === undefined ? undefined : parseTypes(options.canDie.join(','), 'canDie'),
      watch: options.watch === undefined ? undefined : watchRulesFrom(options.watch),
    },
    { cwd, env: environment, output, signals, onEvent },
  );
}

export interface CheckResult {
  ok: boolean;
  /** process types in Procfile order */
  types: string[];
  problems: Problem[];
}

/** Validates the Procfile and env files, as `procman check`: every problem, not just the first. */
export function check(options: ProjectOptions & { environment?: NodeJS.ProcessEnv } = {}): CheckResult {
  const project = readProject({ ...projectOf(options), cwd: options.cwd });
  const problems = [...project.problems];
  try {
    basePortFor(undefined, project.fileEnv, options.environment ?? process.env);
  } catch (error) {
    if (!(error instanceof ProcmanError)) throw error;
    problems.push({ message: error.message, ...(error.hint && { hint: error.hint }) });
  }
  return { ok: problems.length === 0, types: project.entries.map((e) => e.name), problems };
}

/** Reads the Procfile and env files; throws a ProcmanError at the first problem. */
export function loadProject(options: ProjectOptions = {}): Project {
  return loadProjectFiles({ ...projectOf(options), cwd: options.cwd });
}

function projectOf({ procfile, root, env }: ProjectOptions): { procfile?: string; root?: string; env?: string[] } {
  return { procfile, root, env };
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
