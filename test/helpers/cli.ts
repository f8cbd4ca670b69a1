// Running the built CLI (bin/procman.js, on dist/) from tests: to completion (sync or async), or as
// a live process to wait on and signal. Every process is started in its own group and tracked, so
// cleanup can kill what a test left behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { killTracked, runSync, type SyncResult, track } from './process.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = resolve(ROOT, 'bin/procman.js');
export const FIXTURES = resolve(ROOT, 'fixtures');
export const fixture = (...parts: string[]): string => resolve(FIXTURES, ...parts);

/**
 * XDG_RUNTIME_DIR of every procman a test file starts (unless its env sets one): its own control
 * folder, so test files running at once on the same fixture Procfile do not see each other's
 * control socket (a second start of a Procfile is refused). Removed when the test file's process exits.
 */
export const RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'procman-xdg-'));
chmodSync(RUNTIME_DIR, 0o700);
// vitest ends its workers without an 'exit' event: the file's own hook removes it
afterAll(() => rmSync(RUNTIME_DIR, { recursive: true, force: true }));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliOptions {
  cwd?: string;
  /** overlaid on process.env (NO_COLOR is set empty and FORCE_COLOR removed first); undefined removes a variable */
  env?: NodeJS.ProcessEnv;
  /** the command to run instead of `node bin/procman.js` (args are appended) */
  command?: string[];
  /** written to stdin, which is then closed; without it stdin is `stdin` */
  input?: string;
  stdin?: 'ignore' | 'pipe';
  /** 'paused': stdout is a pipe nobody reads until `resume()` */
  stdout?: 'pipe' | 'paused';
  /** how stdout is decoded to text */
  encoding?: 'utf8' | 'latin1';
  /** hard bound: past it `onTimeout` kills everything, so a hang fails instead of blocking the suite */
  timeoutMs?: number;
  onTimeout?: () => void;
  /** how long `waitFor` waits when not told */
  waitMs?: number;
}

export interface WaitOptions {
  timeoutMs?: number;
  stream?: 'stdout' | 'stderr';
}

/**
 * A running procman (or a command around it): started in its own process group and tracked for
 * cleanup, its output kept (stdout as bytes too), with ways to wait on it.
 */
export class CliProcess {
  readonly child: ChildProcess;
  stderr = '';
  readonly exited: Promise<Exit>;
  private chunks: Buffer[] = [];
  private size = 0;
  private parts: string[] = [];
  private joined: string | undefined;
  /** the last 128 KiB of stdout, for waitFor on big outputs */
  private tail = '';
  private readonly decoder: StringDecoder;
  private readonly listeners = new Set<() => void>();
  private reading: boolean;
  private readonly waitMs: number;

  constructor(
    args: string[],
    {
      cwd = ROOT,
      env,
      command,
      input,
      stdin = 'ignore',
      stdout = 'pipe',
      encoding = 'utf8',
      timeoutMs = 30_000,
      onTimeout = killTracked,
      waitMs = 15_000,
    }: CliOptions = {},
  ) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, XDG_RUNTIME_DIR: RUNTIME_DIR, ...env };
    for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
    const argv = command ? [...command, ...args] : [process.execPath, BIN, ...args];
    this.child = spawn(argv[0] as string, argv.slice(1), {
      cwd,
      env: childEnv,
      stdio: [input === undefined ? stdin : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (this.child.pid) track(this.child.pid);
    if (input !== undefined) this.child.stdin?.end(input);
    this.decoder = new StringDecoder(encoding);
    this.waitMs = waitMs;
    this.reading = stdout === 'pipe';
    if (this.reading) this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
      this.onText('stderr', text);
      this.notify();
    });
    const timer = setTimeout(() => onTimeout(), timeoutMs);
    this.exited = new Promise<Exit>((resolve) => {
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
        this.notify();
      });
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts reading a paused stdout. */
  resume(): void {
    if (this.reading) return;
    this.reading = true;
    this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** Sends a line to stdin (started with `stdin: 'pipe'`). */
  tell(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Called with each piece of output as it arrives, before waiters are told. */
  protected onText(_stream: 'stdout' | 'stderr', _text: string): void {}

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const text = this.decoder.write(chunk);
    this.parts.push(text);
    this.joined = undefined;
    this.tail = (this.tail + text).slice(-131_072);
    this.onText('stdout', text);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  get bytes(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** How many bytes of stdout arrived. */
  get received(): number {
    return this.size;
  }

  /** stdout as text, decoded as `encoding` (latin1: one char a byte, so nothing is replaced). */
  get stdout(): string {
    if (this.joined === undefined) {
      this.joined = this.parts.join('');
      this.parts = [this.joined];
    }
    return this.joined;
  }

  /** Whether it has exited by now. */
  exitedYet(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves once `stream` matches; fails with the output so far past the bound or at exit. */
  waitFor(pattern: RegExp, options: number | WaitOptions = {}): Promise<RegExpMatchArray> {
    const { timeoutMs = this.waitMs, stream = 'stdout' } = typeof options === 'number' ? { timeoutMs: options } : options;
    return new Promise((resolve, reject) => {
      // On big outputs (over 1 MB) the whole text is searched once, then only its last 128 KiB as
      // chunks arrive: a pattern must then match within 64 KiB.
      let first = true;
      const text = () => {
        if (stream === 'stderr') return this.stderr;
        const whole = first || this.size <= 1_000_000;
        first = false;
        return whole ? this.stdout : this.tail;
      };
      const tail = () => `\nstdout (last 2000 characters):\n${this.stdout.slice(-2000)}\nstderr:\n${this.stderr.slice(-2000)}`;
      const check = (): boolean => {
        const match = text().match(pattern);
        if (match) {
          done();
          resolve(match);
          return true;
        }
        if (this.exitedYet()) {
          // wait for 'close' so the last output is in
          void this.exited.then(() => {
            const late = text().match(pattern);
            done();
            if (late) resolve(late);
            else reject(new Error(`exited before ${stream} matched ${pattern}${tail()}`));
          });
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${stream} to match ${pattern}${tail()}`));
      }, timeoutMs);
      const listener = () => void check();
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      check();
    });
  }

  /** Waits for exit within `timeoutMs`, failing with the output so far. */
  async exit(timeoutMs = 20_000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `procman did not exit within ${timeoutMs} ms\nstdout (last 2000 characters):\n${this.stdout.slice(-2000)}\nstderr:\n${this.stderr}`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** stdout lines (empty ones left out). */
  lines(): string[] {
    return this.stdout.split('\n').filter(Boolean);
  }

  /** Bodies of the lines printed under `name` (`+`: a continuation piece of a long line), the time stamp optional. */
  linesOf(name: string, mark = '[|+]'): string[] {
    const prefix = new RegExp(`^(?:\\d\\d:\\d\\d:\\d\\d )?${name.replaceAll('.', '\\.')} *${mark} (.*)$`);
    return this.stdout.split('\n').flatMap((line) => {
      const match = prefix.exec(line);
      return match ? [match[1] ?? ''] : [];
    });
  }

  /** pids from `started with pid N` lines. */
  startedPids(): number[] {
    return [...this.stdout.matchAll(/started with pid (\d+)/g)].map((m) => Number(m[1]));
  }
}

/** `started with pid 42` (text, --no-prefix), or an NDJSON record of the running state */
const STARTED = /started with pid (\d+)|"state":"running","from":"[a-z]+","pid":(\d+)/;
// not "in use by pid N": that is a process the test itself may own
const REPORTED = /(?<!by )\bpid[= ](\d+)\b/g;

export type ProcmanOptions = Pick<CliOptions, 'cwd' | 'env' | 'command' | 'input' | 'stdin' | 'timeoutMs'>;

/**
 * procman for the e2e suite, with CliProcess's defaults: stdin closed (or `input`), stdout as UTF-8,
 * 30 s in all (then every tracked group is killed), 15 s for a `waitFor`; and the pids it prints
 * are tracked for cleanup.
 */
export class Procman extends CliProcess {
  /** pids of children procman started, as it printed them */
  readonly pids: number[] = [];
  /** pids fixtures reported (`pid=123`), grandchildren included */
  readonly reported: number[] = [];

  constructor(args: string[], options: ProcmanOptions = {}) {
    super(args, options);
  }

  protected override onText(_stream: 'stdout' | 'stderr', text: string): void {
    for (const line of text.split('\n')) {
      const started = STARTED.exec(line);
      if (started) {
        const pid = Number(started[1] ?? started[2]);
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
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

export interface Result extends Exit {
  stdout: string;
  stderr: string;
}

/** Runs procman to completion. */
export async function procman(args: string[], options: ProcmanOptions = {}): Promise<Result & { run: Procman }> {
  const run = new Procman(args, options);
  const exit = await run.exited;
  return { ...exit, stdout: run.stdout, stderr: run.stderr, run };
}

/** Runs procman to completion, synchronously (for commands that start no process, like `export`). */
export function procmanSync(args: string[], cwd: string): SyncResult {
  if (!existsSync(resolve(ROOT, 'dist/procman.cjs'))) throw new Error('dist/procman.cjs is missing: run `npm run build` first');
  return runSync([process.execPath, BIN, ...args], { cwd });
}
