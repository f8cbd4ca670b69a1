import type { CommonOptions } from '../cli.js';
import { formatProblem } from '../errors.js';
import type { Io } from '../io.js';
import { readProject } from '../project.js';

/** Validates the Procfile and env files; lists every problem, or the process types. */
export async function checkCommand(options: CommonOptions, io: Io): Promise<number> {
  const project = readProject({ ...options, cwd: io.cwd });
  if (project.problems.length > 0) {
    for (const problem of project.problems) {
      io.stderr.write(`procman: ${formatProblem(problem)}\n`);
      if (problem.hint) io.stderr.write(`hint: ${problem.hint}\n`);
    }
    return 1;
  }
  io.stdout.write(`valid procfile detected (${project.entries.map((e) => e.name).join(', ')})\n`);
  return 0;
}
