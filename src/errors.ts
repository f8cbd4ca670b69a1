/**
 * The one error class. Only cli.ts catches it and prints
 * `procman: <message>` (and `hint: <hint>`) to stderr.
 */
export class ProcmanError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, { hint, exitCode = 1 }: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'ProcmanError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** A problem found at one line of one file; `check` lists them all, `start` throws the first. */
export interface Problem {
  file: string;
  line?: number;
  message: string;
  hint?: string;
}

export function formatProblem({ file, line, message }: Problem): string {
  return line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}

export function problemError(problem: Problem, more = 0): ProcmanError {
  const suffix = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'}: run procman check)` : '';
  return new ProcmanError(formatProblem(problem) + suffix, { hint: problem.hint });
}
