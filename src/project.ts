import { statSync } from 'node:fs';
import { readRegularFile } from './files.js';
import { dirname, join, resolve } from 'node:path';
import { ProcmanError, problemError } from './errors.js';
import { decodeProcfile, lintProcfile, type ProcfileEntry } from './procfile.js';
import type { Problem } from './errors.js';
import { loadEnvFiles, type Env, type ReadText, readTextFile } from './env.js';
import { DEFAULT_PORT, expandFormation, parseFormation, parsePort, type ProcessSpec } from './formation.js';

/** The options every command shares: -f, -d, -e. */
export interface ProjectOptions {
  procfile?: string;
  root?: string;
  env?: string;
  cwd?: string;
}

/** Where things are: the Procfile, the root the processes run in, the env files. */
export interface ProjectPaths {
  procfile: string;
  /** the Procfile as the user would name it, for messages: `-f` as given, or `DIR/Procfile` */
  procfileShown: string;
  root: string;
  /** -e files (must exist), or undefined to read `<root>/.env` when present */
  envFiles: string[] | undefined;
  defaultEnvFile: string;
}

/**
 * As Foreman: `-f` and `-e` are relative to the current folder; `-d DIR`
 * alone reads `DIR/Procfile`; `-f` alone makes the Procfile's folder the root.
 */
export function resolvePaths({ procfile, root, env, cwd = process.cwd() }: ProjectOptions): ProjectPaths {
  const procfileShown = procfile ?? (root === undefined ? 'Procfile' : join(root, 'Procfile'));
  const procfilePath = resolve(cwd, procfileShown);
  const rootPath = root === undefined ? dirname(procfilePath) : resolve(cwd, root);
  const envFiles = env === undefined ? undefined : env.split(',').map((f) => f.trim()).filter(Boolean).map((f) => resolve(cwd, f));
  return { procfile: procfilePath, procfileShown, root: rootPath, envFiles, defaultEnvFile: resolve(rootPath, '.env') };
}

/** Reads the Procfile's bytes, with errors that name the path and the fix. */
export function readProcfileText(path: string, shown: string): string {
  const bytes = readRegularFile(path, { shown, what: 'a Procfile' });
  if (!bytes) throw new ProcmanError(`Procfile not found: ${shown}`, { hint: 'use -f to point at another file' });
  return decodeProcfile(bytes);
}

export function checkRoot(root: string, shown: string): void {
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new ProcmanError(`root directory not found: ${shown}`, { hint: 'check the path given to -d/--root' });
  }
  if (!isDir) throw new ProcmanError(`root is not a directory: ${shown}`, { hint: 'check the path given to -d/--root' });
}

export interface Project {
  paths: ProjectPaths;
  entries: ProcfileEntry[];
  fileEnv: Env;
  problems: Problem[];
}

/**
 * Reads the Procfile and env files, collecting every problem. Throws only
 * when nothing can be read at all (missing Procfile or root).
 */
export function readProject(options: ProjectOptions, readText: ReadText = readTextFile): Project {
  const paths = resolvePaths(options);
  // a missing -d is named as such, not as a missing DIR/Procfile; without -d the root is the Procfile's folder
  if (options.root !== undefined) checkRoot(paths.root, options.root);
  const text = readProcfileText(paths.procfile, paths.procfileShown);
  const { entries, problems } = lintProcfile(text, paths.procfileShown);
  const envResult = loadEnvFiles({ files: paths.envFiles, optionalFile: paths.defaultEnvFile, readText });
  return { paths, entries, fileEnv: envResult.env, problems: [...problems, ...envResult.problems] };
}

/** Like readProject, but any problem is an error (start, run, export). */
export function loadProject(options: ProjectOptions): Project {
  const project = readProject(options);
  const [first] = project.problems;
  if (first) throw problemError(first, project.problems.length - 1);
  return project;
}

export interface FormationOptions {
  formation?: string;
  port?: string;
  only?: string[];
  baseEnv?: NodeJS.ProcessEnv | Env;
}

/** The base port: -p, else PORT from the env files, else from procman's environment, else 5000. */
export function basePortFor(port: string | undefined, fileEnv: Env, baseEnv: NodeJS.ProcessEnv | Env): number {
  if (port !== undefined) return parsePort(port, '-p/--port');
  // a value from the env files is never echoed: they hold secrets
  if (fileEnv.PORT !== undefined && fileEnv.PORT !== '') return parsePort(fileEnv.PORT, 'PORT in the env files', { quiet: true });
  if (baseEnv.PORT !== undefined && baseEnv.PORT !== '') return parsePort(baseEnv.PORT, 'PORT in the environment');
  return DEFAULT_PORT;
}

/** The processes `start` (or `export`) would run, with names, ports and env. */
export function specsFor(project: Project, { formation, port, only = [], baseEnv = process.env }: FormationOptions): ProcessSpec[] {
  return expandFormation(project.entries, {
    formation: parseFormation(formation ?? 'all=1'),
    only,
    basePort: basePortFor(port, project.fileEnv, baseEnv),
    baseEnv,
    fileEnv: project.fileEnv,
  });
}
