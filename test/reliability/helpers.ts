import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, fixture, type Exit } from '../helpers/cli.js';
import { cmdline, killTracked, procState, sigkill, track, until } from '../helpers/process.js';

/** A fixture of this suite, as an absolute path quoted for a Procfile command. */
export const rel = (name: string): string => fixture('reliability', name);
export const node = (script: string, ...args: Array<string | number>): string =>
  ['node', JSON.stringify(script.includes('/') ? script : rel(script)), ...args.map(String)].join(' ');
export const bin = (name: string): string => fixture('bin', name);

/**
 * Every process a test starts carries this variable with a value unique to
 * the run (children inherit it, at any depth, unless they clear their env),
 * so "no process procman started is alive" is a scan of /proc, not a list of
 * pids the fixtures managed to print.
 */
export const TAG = 'PROCMAN_RELIABILITY_TAG';
const tags = new Set<string>();
let counter = 0;

export function newTag(): string {
  const tag = `r${process.pid}-${Date.now()}-${counter++}`;
  tags.add(tag);
  return tag;
}

/** Live (non-zombie) processes carrying `tag`, except `exclude`. */
export function tagged(tag: string, exclude: number[] = []): number[] {
  const needle = Buffer.from(`${TAG}=${tag}\0`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || exclude.includes(pid)) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue;
    }
    if (environ.includes(needle) && !['Z', 'X', undefined].includes(procState(pid))) found.push(pid);
  }
  return found;
}

/** Live processes carrying `tag` whose command line matches `pattern`. */
export function taggedMatching(tag: string, pattern: RegExp): number[] {
  return tagged(tag).filter((pid) => {
    const line = cmdline(pid);
    return line !== undefined && pattern.test(line);
  });
}

/** SIGKILLs every live process of every tag made so far and every tracked group; returns what was alive. */
export function killLeftovers(): number[] {
  const left = [...killTracked()];
  for (const tag of tags) {
    for (const pid of tagged(tag)) {
      left.push(pid);
      sigkill(pid);
    }
  }
  tags.clear();
  return [...new Set(left)];
}

/** Waits until no process carrying `tag` is alive; fails listing the survivors with their command lines. */
export async function assertNoneTagged(tag: string, timeoutMs = 5_000, exclude: number[] = []): Promise<void> {
  await until(() => tagged(tag, exclude).length === 0, `every process started under tag ${tag} to be gone`, timeoutMs, () =>
    `still alive: ${describePids(tagged(tag, exclude))}`,
  );
}

export function describePids(pids: number[]): string {
  return pids
    .map((pid) => {
      const line = cmdline(pid);
      return line === undefined ? String(pid) : `${pid} (${line.trim()})`;
    })
    .join(', ');
}

/** Peak resident set (VmHWM) of pid in kB, or undefined once it is gone. */
export function peakRssKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const temps: string[] = [];

/** A fresh temp folder with `files` in it; removed by `removeTemps`. */
export function project(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'procman-rel-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** 'paused': stdout is a pipe nobody reads until `resume()` */
  stdout?: 'pipe' | 'paused';
  /** the command to run instead of `node bin/procman.js` (args are appended) */
  command?: string[];
  /** hard bound: everything is killed past it, so a hang fails instead of blocking the suite */
  timeoutMs?: number;
}

/**
 * procman (or a harness around it) with its stdout kept as bytes. Started in
 * its own process group, tagged, and tracked for cleanup.
 */
export class Run {
  readonly child: ChildProcess;
  readonly tag = newTag();
  private chunks: Buffer[] = [];
  private size = 0;
  private parts: string[] = [];
  private joined: string | undefined;
  /** the last 128 KiB of stdout, for waitFor on big outputs */
  private tail = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  readonly exitedAt: Promise<number>;
  private readonly listeners = new Set<() => void>();
  private reading: boolean;

  constructor(args: string[], { cwd = ROOT, env, stdout = 'pipe', command, timeoutMs = 60_000 }: RunOptions = {}) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', FORCE_COLOR: undefined, ...env, [TAG]: this.tag };
    for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
    const argv = command ? [...command, ...args] : [process.execPath, BIN, ...args];
    const stdio: StdioOptions = ['pipe', 'pipe', 'pipe'];
    this.child = spawn(argv[0] as string, argv.slice(1), { cwd, env: childEnv, stdio, detached: true });
    if (this.child.pid) track(this.child.pid);
    this.reading = stdout === 'pipe';
    if (this.reading) this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
      this.notify();
    });
    const timer = setTimeout(() => killLeftovers(), timeoutMs);
    this.exitedAt = new Promise((resolve) => this.child.on('exit', () => resolve(Date.now())));
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

  /** Sends a line to the harness's stdin. */
  tell(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const text = chunk.toString('latin1');
    this.parts.push(text);
    this.joined = undefined;
    this.tail = (this.tail + text).slice(-131_072);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  get bytes(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  get received(): number {
    return this.size;
  }

  /** stdout as text (latin1: one char a byte, so nothing is replaced). */
  get stdout(): string {
    if (this.joined === undefined) {
      this.joined = this.parts.join('');
      this.parts = [this.joined];
    }
    return this.joined;
  }

  exitedYet(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  signal(signal: NodeJS.Signals, pid = this.pid): void {
    process.kill(pid, signal);
  }

  /** Resolves once `stream` matches; fails with the output so far past the bound or at exit. */
  waitFor(pattern: RegExp, { timeoutMs = 20_000, stream = 'stdout' }: { timeoutMs?: number; stream?: 'stdout' | 'stderr' } = {}): Promise<RegExpMatchArray> {
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
      const tail = () => `\nstdout (last 2000 bytes):\n${this.stdout.slice(-2000)}\nstderr:\n${this.stderr.slice(-2000)}`;
      const check = (): boolean => {
        const match = text().match(pattern);
        if (match) {
          done();
          resolve(match);
          return true;
        }
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
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
        () => reject(new Error(`procman did not exit within ${timeoutMs} ms\nstdout (last 2000 bytes):\n${this.stdout.slice(-2000)}\nstderr:\n${this.stderr}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Bodies of the lines printed under `name` (with --no-timestamp), as latin1 text. */
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

/** Lines of a Procfile from [name, command] pairs. */
export function procfile(entries: Array<[string, string]>): string {
  return entries.map(([name, command]) => `${name}: ${command}\n`).join('');
}

/** Samples a value every `everyMs` until stopped; keeps the maximum. */
export function sampler(read: () => number | undefined, everyMs = 25): { stop(): number } {
  let max = 0;
  const take = () => {
    const value = read();
    if (value !== undefined && value > max) max = value;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return max;
    },
  };
}
