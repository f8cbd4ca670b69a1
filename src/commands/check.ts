import { check } from '../api.js';
import type { Io } from '../io.js';
import type { CommonSettings } from '../options.js';
import { reportProblem } from '../problems.js';
import type { AfterRules } from '../runtime/start-order.js';

/** Validates the Procfile and env files; lists every problem (and warning), or the process types. */
export async function checkCommand(settings: CommonSettings & { after?: AfterRules }, io: Io): Promise<number> {
  const result = check({ ...settings, cwd: io.cwd, environment: io.env });
  for (const problem of result.problems) io.stderr.write(reportProblem(problem));
  for (const warning of result.warnings) io.stderr.write(reportProblem(warning, { warning: true }));
  if (!result.ok) return 1;
  io.stdout.write(`valid procfile detected (${result.types.join(', ')})\n`);
  return 0;
}
