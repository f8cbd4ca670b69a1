import type { CommonOptions } from '../cli.js';
import { formatProblem, printable, ProcmanError } from '../errors.js';
import type { Io } from '../io.js';
import { basePortFor, readProject } from '../project/project.js';

/** Validates the Procfile and env files; lists every problem, or the process types. */
export async function checkCommand(options: CommonOptions, io: Io): Promise<number> {
  const project = readProject({ ...options, cwd: io.cwd });
  const errors = project.problems.map((problem) => ({ message: formatProblem(problem), hint: problem.hint }));
  try {
    basePortFor(undefined, project.fileEnv, io.env); // the base port start would use must be valid too
  } catch (error) {
    if (!(error instanceof ProcmanError)) throw error;
    errors.push({ message: error.message, hint: error.hint });
  }
  if (errors.length > 0) {
    for (const { message, hint } of errors) {
      io.stderr.write(`procman: ${printable(message)}\n`);
      if (hint) io.stderr.write(`hint: ${printable(hint)}\n`);
    }
    return 1;
  }
  io.stdout.write(`valid procfile detected (${project.entries.map((e) => e.name).join(', ')})\n`);
  return 0;
}
