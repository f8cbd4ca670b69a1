import { existsSync } from 'node:fs';
import { ProcmanError } from '../errors.js';
import type { Io } from '../io.js';
import type { RunSettings } from '../options.js';
import { runForeground } from '../os/foreground.js';
import { problemError } from '../problems.js';
import { childEnv, loadEnv } from '../project/env.js';
import { checkRoot, resolvePaths } from '../project/paths.js';
import { basePortFor, portFor } from '../project/ports.js';
import { readProject } from '../project/project.js';

/**
 * `run web`: the web command of the Procfile, with the env start gives web.1.
 * `run [--] cmd args...`: any command, with the env files loaded, exec'd
 * without a shell so its arguments arrive as given.
 */
export async function runCommand(words: string[], settings: RunSettings, io: Io): Promise<number> {
  const [first, ...rest] = words;
  if (first === undefined) {
    throw new ProcmanError('run needs a process type or a command', { hint: 'procman run web, or procman run -- node -v' });
  }
  const paths = resolvePaths({ ...settings, cwd: io.cwd });
  if (rest.length === 0 && existsSync(paths.procfile)) {
    // a broken Procfile stops `run web`, not `run env`
    const project = readProject({ ...settings, cwd: io.cwd, environment: io.env });
    const position = project.entries.findIndex((e) => e.name === first);
    const entry = project.entries[position];
    if (entry) {
      const [problem] = project.problems;
      if (problem) throw problemError(problem, project.problems.length - 1);
      const port = portFor(basePortFor(settings.port, project.fileEnv, io.env), position, 1);
      const env = childEnv(io.env, project.fileEnv, { PORT: String(port), PS: `${entry.name}.1` });
      return runForeground({ file: '/bin/sh', args: ['-c', entry.command], env, cwd: project.paths.root, shown: entry.name }, io);
    }
  }
  const fileEnv = loadEnv({ files: paths.envFiles, optionalFile: paths.defaultEnvFile, expand: settings.expand, environment: io.env });
  const cwd = settings.root === undefined ? io.cwd : paths.root;
  if (settings.root !== undefined) checkRoot(cwd, settings.root);
  const own: Record<string, string> = settings.port === undefined ? {} : { PORT: String(settings.port) };
  return runForeground({ file: first, args: rest, env: childEnv(io.env, fileEnv, own), cwd, shown: first }, io);
}
