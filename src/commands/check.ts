import { check } from '../api.js';
import type { Io } from '../io.js';
import type { CommonSettings } from '../options.js';
import { printable } from '../printable.js';
import { formatProblem, type Problem } from '../problems.js';
import type { AfterRules } from '../runtime/start-order.js';

/**
 * Validates the defaults files, the Procfile and the env files; lists every
 * problem, or the process types. `problems`: those of the defaults files,
 * which the CLI has read already (they come first).
 */
export async function checkCommand(
  settings: CommonSettings & { after?: AfterRules },
  io: Io,
  { problems = [] }: { problems?: Problem[] } = {},
): Promise<number> {
  const print = (problem: Problem) => {
    io.stderr.write(`procman: ${printable(formatProblem(problem))}\n`);
    if (problem.hint) io.stderr.write(`hint: ${printable(problem.hint)}\n`);
  };
  problems.forEach(print); // before the Procfile is read, which may throw (a missing Procfile)
  const result = check({ ...settings, cwd: io.cwd, environment: io.env, defaults: false });
  result.problems.forEach(print);
  if (problems.length > 0 || !result.ok) return 1;
  io.stdout.write(`valid procfile detected (${result.types.join(', ')})\n`);
  return 0;
}
