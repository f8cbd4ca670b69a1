import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ProcmanError } from '../errors.js';

/** Where to look: -f, -d and -e as given, and the folder they are relative to. */
export interface ProjectOptions {
  procfile?: string;
  root?: string;
  /** env files, each required to exist; default: `<root>/.env` when present */
  env?: string[];
  cwd?: string;
  /** expand `${VAR}` in the env files (default true) */
  expand?: boolean;
  /** what `${VAR}` sees under the env files: procman's environment (export passes none) */
  environment?: NodeJS.ProcessEnv | Record<string, string>;
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
  const envFiles = env?.map((f) => resolve(cwd, f));
  return { procfile: procfilePath, procfileShown, root: rootPath, envFiles, defaultEnvFile: resolve(rootPath, '.env') };
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
