import { check } from '../api.js';
import type { Io } from '../io.js';
import type { CommonSettings } from '../options.js';
import { printable } from '../printable.js';
import { formatProblem } from '../problems.js';
import type { AfterRules } from '../runtime/start-order.js';

/** Validates the Procfile and env files; lists every problem, or the process types. */
export async function checkCommand(settings: CommonSettings & { after?: AfterRules }, io: Io): Promise<number> {
  const result = check({ ...settings, cwd: io.cwd, environment: io.env });
  if (!result.ok) {
    for (const problem of result.problems) {
      io.stderr.write(`procman: ${printable(formatProblem(problem))}\n`);
      if (problem.hint) io.stderr.write(`hint: ${printable(problem.hint)}\n`);
    }
    return 1;
  }
  io.stdout.write(`valid procfile detected (${result.types.join(', ')})\n`);
  return 0;
}
