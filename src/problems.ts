import { ProcmanError } from './errors.js';
import { printable } from './printable.js';

/** A problem found at one line of one file; `check` lists them all, `start` throws the first. */
export interface Problem {
  /** undefined for a problem of the whole project (the base port) */
  file?: string;
  line?: number;
  message: string;
  hint?: string;
}

export function formatProblem({ file, line, message }: Problem): string {
  if (file === undefined) return message;
  return line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}

export function problemError(problem: Problem, more = 0): ProcmanError {
  const suffix = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'}: run procman check)` : '';
  return new ProcmanError(formatProblem(problem) + suffix, { hint: problem.hint });
}

/** A problem as procman prints it on stderr: `procman: [warning: ]file:line: message`, then `hint: ...`. */
export function reportProblem(problem: Problem, { warning = false }: { warning?: boolean } = {}): string {
  const head = `procman: ${warning ? 'warning: ' : ''}${printable(formatProblem(problem))}\n`;
  return problem.hint ? `${head}hint: ${printable(problem.hint)}\n` : head;
}
