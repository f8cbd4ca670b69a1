import type { LineBatch } from './runtime/lines.js';

/** How a process ended: an exit code, or the signal that killed it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the process could not be started at all */
  error?: string;
}

/** What happened, as the supervisor tells the printer. */
export type ProcessEvent =
  | { kind: 'start'; name: string; pid: number | undefined }
  | { kind: 'output'; name: string; batch: LineBatch }
  | { kind: 'exit'; name: string; status: ExitStatus }
  | { kind: 'system'; text: string };

/** Foreman's wording: `exited with code 2`, `terminated by SIGTERM`. */
export function describeExit({ code, signal, error }: ExitStatus): string {
  if (error) return `failed to start: ${error}`;
  return signal ? `terminated by ${signal}` : `exited with code ${code ?? 0}`;
}
