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

/**
 * Makes text from a file or argv safe for a terminal: control characters
 * (escape sequences, carriage returns, bells) become `\xHH`, and an excerpt
 * longer than `max` characters is cut with an ellipsis.
 */
export function printable(text: string, max = Infinity): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

export function formatProblem({ file, line, message }: Problem): string {
  return line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}

export function problemError(problem: Problem, more = 0): ProcmanError {
  const suffix = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'}: run procman check)` : '';
  return new ProcmanError(formatProblem(problem) + suffix, { hint: problem.hint });
}
