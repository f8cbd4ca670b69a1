import { constants } from 'node:os';
import { isatty } from 'node:tty';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import type { Env } from '../project/env.js';
import { requireFrom } from '../require-cjs.js';

export interface ForegroundRequest {
  file: string;
  args: string[];
  env: Env;
  cwd: string;
  /** how to name the command in an error */
  shown: string;
}

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Runs one command in the foreground: stdio inherited, signals forwarded,
 * its exit code returned (128 + n when killed by signal n; 127 when it does
 * not exist). The child shares procman's process group, so a Ctrl-C at the
 * terminal reaches it directly; SIGINT is forwarded only when stdin is not a
 * terminal (sent by another program, which reaches procman alone).
 */
export async function runForeground({ file, args, env, cwd, shown }: ForegroundRequest, io: Io): Promise<number> {
  const { execa } = requireFrom<typeof import('execa')>(import.meta.url, 'execa');
  // forceKillAfterDelay off: a forwarded SIGTERM is the command's to handle, however long it takes
  const child = execa(file, args, {
    env,
    extendEnv: false,
    cwd,
    stdio: 'inherit',
    reject: false,
    shell: false,
    forceKillAfterDelay: false,
  });
  const signals = isatty(0) ? FORWARDED : [...FORWARDED, 'SIGINT' as const];
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const listeners = signals.map((signal) => [signal, forward(signal)] as const);
  const ignoreInt = () => {};
  process.on('SIGINT', ignoreInt);
  for (const [signal, listener] of listeners) process.on(signal, listener);
  try {
    const result = await child;
    if (result.signal) return 128 + (constants.signals[result.signal] ?? 0);
    if (typeof result.exitCode === 'number') return result.exitCode;
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') {
      io.stderr.write(`procman: command not found: ${printable(shown)}\n`);
      return 127;
    }
    if (code === 'EACCES') {
      io.stderr.write(`procman: not executable: ${printable(shown)}\n`);
      return 126;
    }
    // the code only: execa's message may quote the environment, which holds secrets
    io.stderr.write(`procman: could not run ${printable(shown)} (${code ?? 'unknown error'})\n`);
    return 1;
  } finally {
    process.off('SIGINT', ignoreInt);
    for (const [signal, listener] of listeners) process.off(signal, listener);
  }
}
