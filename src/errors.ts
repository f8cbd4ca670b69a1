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
