import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { killTracked, track } from './process.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = resolve(ROOT, 'bin/procman.js');
export const FIXTURES = resolve(ROOT, 'fixtures');
export const fixture = (...parts: string[]): string => resolve(FIXTURES, ...parts);

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** hard bound; the test fails with a clear message past it */
  timeoutMs?: number;
}

const STARTED = /started with pid (\d+)/;
const REPORTED = /\bpid[= ](\d+)\b/g;

/** A running procman: its output so far, and ways to wait on it. */
export class Procman {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** pids of children procman started, as it printed them */
  readonly pids: number[] = [];
  /** pids fixtures reported (`pid=123`), grandchildren included */
  readonly reported: number[] = [];
  readonly exited: Promise<Exit>;
  private readonly listeners = new Set<() => void>();

  constructor(args: string[], { cwd = ROOT, env, input, timeoutMs = 30_000 }: RunOptions = {}) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...env };
    for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
    this.child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: childEnv,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (this.child.pid) track(this.child.pid);
    if (input !== undefined) this.child.stdin?.end(input);
    this.child.stdout?.setEncoding('utf8').on('data', (text: string) => this.onOutput('stdout', text));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => this.onOutput('stderr', text));
    const timer = setTimeout(() => {
      killTracked();
    }, timeoutMs);
    this.exited = new Promise<Exit>((resolve) => {
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
      });
    });
  }

  private onOutput(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    for (const line of text.split('\n')) {
      const started = STARTED.exec(line);
      if (started) {
        const pid = Number(started[1]);
        this.pids.push(pid);
        track(pid);
      }
      for (const match of line.matchAll(REPORTED)) {
        const pid = Number(match[1]);
        if (!this.reported.includes(pid) && !started) {
          this.reported.push(pid);
          track(pid);
        }
      }
    }
    for (const listener of this.listeners) listener();
  }

  /** Resolves once stdout matches `pattern`; fails with the output so far past the bound. */
  waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.stdout.match(pattern);
        if (!match) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const listener = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      this.exited.then(() => {
        if (!check()) {
          cleanup();
          reject(new Error(`procman exited before ${pattern}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
        }
      });
      check();
    });
  }

  /** Whether procman has exited by now. */
  exitedYet(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** stdout lines without the `HH:MM:SS ` timestamp. */
  lines(): string[] {
    return this.stdout.split('\n').filter(Boolean);
  }

  /** The bodies of lines printed under `name`. */
  linesOf(name: string): string[] {
    const prefix = new RegExp(`^(?:\\d\\d:\\d\\d:\\d\\d )?${name.replace('.', '\\.')} *\\| (.*)$`);
    return this.lines().flatMap((line) => {
      const match = prefix.exec(line);
      return match ? [match[1] ?? ''] : [];
    });
  }
}

export interface Result extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs procman to completion. */
export async function procman(args: string[], options: RunOptions = {}): Promise<Result & { run: Procman }> {
  const run = new Procman(args, options);
  const exit = await run.exited;
  return { ...exit, stdout: run.stdout, stderr: run.stderr, run };
}
