import type { RunOptions } from '../cli.js';
import { childEnv, loadEnv } from '../env.js';
import { ProcmanError, problemError } from '../errors.js';
import type { Io } from '../io.js';
import { lintProcfile } from '../procfile.js';
import { basePortFor, checkRoot, readProcfileText, resolvePaths } from '../project.js';
import { existsSync } from 'node:fs';
import { runForeground } from '../foreground.js';

/**
 * `run web`: the web command of the Procfile, with the env start gives web.1.
 * `run [--] cmd args...`: any command, with the env files loaded, exec'd
 * without a shell so its arguments arrive as given.
 */
export async function runCommand(words: string[], options: RunOptions, io: Io): Promise<number> {
  const [first, ...rest] = words;
  if (first === undefined) {
    throw new ProcmanError('run needs a process type or a command', { hint: 'procman run web, or procman run -- node -v' });
  }
  const paths = resolvePaths({ ...options, cwd: io.cwd });
  const fileEnv = loadEnv({ files: paths.envFiles, optionalFile: paths.defaultEnvFile });
  const { procfileShown } = paths;
  const entries = existsSync(paths.procfile) ? lintProcfile(readProcfileText(paths.procfile, procfileShown), procfileShown) : undefined;
  const position = rest.length === 0 && entries ? entries.entries.findIndex((e) => e.name === first) : -1;
  const entry = entries?.entries[position];

  if (entry) {
    const [problem] = entries?.problems ?? [];
    if (problem) throw problemError(problem);
    checkRoot(paths.root, options.root ?? paths.root);
    const port = basePortFor(options.port, fileEnv, io.env) + 100 * position;
    const env = childEnv(io.env, fileEnv, { PORT: String(port), PS: `${entry.name}.1` });
    return runForeground({ file: '/bin/sh', args: ['-c', entry.command], env, cwd: paths.root, shown: entry.name }, io);
  }
  const cwd = options.root === undefined ? io.cwd : paths.root;
  if (options.root !== undefined) checkRoot(cwd, options.root);
  const own: Record<string, string> = options.port === undefined ? {} : { PORT: String(basePortFor(options.port, {}, {})) };
  return runForeground({ file: first, args: rest, env: childEnv(io.env, fileEnv, own), cwd, shown: first }, io);
}

