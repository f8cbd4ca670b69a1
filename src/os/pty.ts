import { requireFrom } from '../require-cjs.js';
import type { ExitStatus } from '../runtime/events.js';
import type { Spawn } from '../runtime/seams.js';
import { shellScript } from './shell.js';

/** What we use of @lydell/node-pty's IPty. */
interface Pty {
  pid: number;
  onData(listener: (data: Buffer | string) => void): { dispose(): void };
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): { dispose(): void };
  write(data: Buffer | string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
}
type PtyModule = {
  spawn(
    file: string,
    args: string[],
    options: { cwd: string; env: Record<string, string>; cols: number; rows: number; encoding: null; name: string },
  ): Pty;
};

let module: PtyModule | undefined;

/** node-pty, loaded only when a process runs on a pty (--tty). */
function ptyModule(): PtyModule {
  module ??= requireFrom<PtyModule>(import.meta.url, '@lydell/node-pty');
  return module;
}

/** A process on a pty, by name, for `procman attach`: its input, size and raw output (prompts included, not cut into lines). */
export interface Terminal {
  write(data: Buffer): void;
  resize(cols: number, rows: number): void;
  /** every chunk it prints from now on, restarts included; returns the unsubscribe */
  tap(listener: (data: Buffer) => void): () => void;
}

interface Slot {
  pty: Pty | undefined;
  taps: Set<(data: Buffer) => void>;
  /** what it printed since its last newline (a prompt), shown first to whoever attaches */
  partial: Buffer;
}

const terminals = new Map<string, Slot>();
const MAX_PARTIAL = 4096;

function slot(name: string): Slot {
  let entry = terminals.get(name);
  if (!entry) {
    entry = { pty: undefined, taps: new Set(), partial: Buffer.alloc(0) };
    terminals.set(name, entry);
  }
  return entry;
}

/** The terminal of a process started on a pty, or undefined. */
export function terminalOf(name: string): Terminal | undefined {
  const entry = terminals.get(name);
  if (!entry) return undefined;
  return {
    write: (data) => entry.pty?.write(data),
    resize: (cols, rows) => {
      try {
        entry.pty?.resize(cols, rows);
      } catch {
        // it exited meanwhile
      }
    },
    tap: (listener) => {
      if (entry.partial.length > 0) listener(entry.partial);
      entry.taps.add(listener);
      return () => entry.taps.delete(listener);
    },
  };
}

/** `\r\n` -> `\n` (a lone `\r`, a progress bar's, stays). */
function withoutCarriageReturns(chunk: Buffer): Buffer {
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i] as number;
    if (byte === 0x0d && chunk[i + 1] === 0x0a) continue;
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

const SIGNALS: Record<number, NodeJS.Signals> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 15: 'SIGTERM' };

/**
 * Starts `sh -c command` on a new pseudo-terminal: it leads a new session and
 * process group (as spawnShell's children do), stdout and stderr are one
 * stream, and stdin is the terminal, which `procman attach` writes to.
 */
export const spawnPty: Spawn = ({ command, env, cwd, name = '' }, listener) => {
  const pty = ptyModule().spawn('/bin/sh', ['-c', shellScript(command)], {
    cwd,
    env,
    cols: 120,
    rows: 40,
    encoding: null,
    name: 'xterm-256color',
  });
  const entry = slot(name);
  entry.pty = pty;
  let open = true;
  const end = () => {
    if (!open) return;
    open = false;
    listener.end('stdout');
    listener.end('stderr');
  };
  pty.onData((data) => {
    if (!open) return;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    for (const tap of entry.taps) tap(chunk);
    const newline = chunk.lastIndexOf(0x0a);
    const rest = newline === -1 ? Buffer.concat([entry.partial, chunk]) : chunk.subarray(newline + 1);
    entry.partial = Buffer.from(rest.subarray(Math.max(0, rest.length - MAX_PARTIAL)));
    // the terminal turns each \n into \r\n: the console gets the lines as the program wrote them
    listener.data('stdout', chunk.includes(0x0d) ? withoutCarriageReturns(chunk) : chunk);
  });
  const exit = new Promise<ExitStatus>((resolve) => {
    pty.onExit(({ exitCode, signal }) => {
      if (entry.pty === pty) entry.pty = undefined;
      end();
      resolve(signal ? { code: null, signal: SIGNALS[signal] ?? 'SIGTERM' } : { code: exitCode, signal: null });
    });
  });
  return { pid: pty.pid, exit, pause: () => pty.pause(), resume: () => pty.resume(), detach: end };
};
