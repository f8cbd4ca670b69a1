import { ProcmanError } from '../errors.js';
import { type Problem, problemError } from '../problems.js';
import { type Env, type ReadText, readEnvFiles, readTextFile } from './env.js';
import { readRegularFile } from './files.js';
import type { Formation } from './formation.js';
import { checkRoot, type ProjectOptions, type ProjectPaths, resolvePaths } from './paths.js';
import { basePortFor, expandFormation, type ProcessSpec } from './ports.js';
import { decodeProcfile, lintProcfile, type ProcfileEntry } from './procfile.js';

/** Reads the Procfile's bytes, with errors that name the path and the fix. */
export function readProcfileText(path: string, shown: string): string {
  const bytes = readRegularFile(path, { shown, what: 'a Procfile' });
  if (!bytes) throw new ProcmanError(`Procfile not found: ${shown}`, { hint: 'use -f to point at another file' });
  return decodeProcfile(bytes);
}

export interface Project {
  paths: ProjectPaths;
  entries: ProcfileEntry[];
  fileEnv: Env;
  problems: Problem[];
  /** values whose meaning depends on expansion: `check` lists them, nothing else stops for them */
  warnings: Problem[];
}

/**
 * Reads the Procfile and env files, collecting every problem (`check`).
 * Throws only when nothing can be read at all (missing Procfile or root).
 */
export function readProject(options: ProjectOptions, readText: ReadText = readTextFile): Project {
  const paths = resolvePaths(options);
  // a missing -d is named as such, not as a missing DIR/Procfile; without -d the root is the Procfile's folder
  if (options.root !== undefined) checkRoot(paths.root, options.root);
  const text = readProcfileText(paths.procfile, paths.procfileShown);
  const { entries, problems } = lintProcfile(text, paths.procfileShown);
  const { expand, environment = process.env } = options;
  const envResult = readEnvFiles({ files: paths.envFiles, optionalFile: paths.defaultEnvFile, readText, expand, environment });
  return { paths, entries, fileEnv: envResult.env, problems: [...problems, ...envResult.problems], warnings: envResult.warnings };
}

/** Like readProject, but any problem is an error (start, run, export). */
export function loadProject(options: ProjectOptions): Project {
  const project = readProject(options);
  const [first] = project.problems;
  if (first) throw problemError(first, project.problems.length - 1);
  return project;
}

export interface FormationOptions {
  /** default: all=1 */
  formation?: Formation;
  /** the base port, when given (-p) */
  port?: number;
  only?: string[];
  baseEnv?: NodeJS.ProcessEnv | Env;
}

/** The processes `start` (or `export`) would run, with names, ports and env. */
export function specsFor(project: Project, { formation, port, only = [], baseEnv = process.env }: FormationOptions): ProcessSpec[] {
  return expandFormation(project.entries, {
    formation,
    only,
    basePort: basePortFor(port, project.fileEnv, baseEnv),
    baseEnv,
    fileEnv: project.fileEnv,
  });
}
