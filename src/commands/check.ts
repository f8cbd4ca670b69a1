import { check } from '../api.js';
import type { Io } from '../io.js';
import type { CommonSettings } from '../options.js';
import { type Problem, reportProblem } from '../problems.js';
import type { AfterRules } from '../runtime/start-order.js';

/**
 * Validates the defaults files, the Procfile and the env files; lists every
 * problem (and warning), or the process types. `problems`: those of the
 * defaults files, which the CLI has read already (they come first).
 */
export async function checkCommand(
  settings: CommonSettings & { after?: AfterRules },
  io: Io,
  { problems = [] }: { problems?: Problem[] } = {},
): Promise<number> {
  for (const problem of problems) io.stderr.write(reportProblem(problem)); // before the Procfile is read, which may throw
  const result = check({ ...settings, cwd: io.cwd, environment: io.env, defaults: false });
  for (const problem of result.problems) io.stderr.write(reportProblem(problem));
  for (const warning of result.warnings) io.stderr.write(reportProblem(warning, { warning: true }));
  if (problems.length > 0 || !result.ok) return 1;
  io.stdout.write(`valid procfile detected (${result.types.join(', ')})\n`);
  return 0;
}
