// The reliability suite's helpers: fixtures, run tags (every process a test starts is found by a
// scan of /proc), and Run, procman with its stdout kept as bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { type CliOptions, CliProcess, fixture } from '../helpers/cli.js';
import { cmdline, killTracked, procState, sigkill, until } from '../helpers/process.js';

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
  await until(
    () => tagged(tag, exclude).length === 0,
    `every process started under tag ${tag} to be gone`,
    timeoutMs,
    () => `still alive: ${describePids(tagged(tag, exclude))}`,
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

export type RunOptions = Pick<CliOptions, 'cwd' | 'env' | 'stdout' | 'command' | 'timeoutMs'>;

/**
 * procman (or a harness around it) with its stdout kept as bytes (its text is latin1: one char a
 * byte) and stdin a pipe (`tell`). Started in its own process group, tagged, and tracked for
 * cleanup. Bounds: 60 s in all (then every leftover is killed), 20 s for a `waitFor`.
 */
export class Run extends CliProcess {
  readonly tag: string;

  constructor(args: string[], { env, timeoutMs = 60_000, ...options }: RunOptions = {}) {
    const tag = newTag();
    super(args, {
      ...options,
      env: { ...env, [TAG]: tag },
      stdin: 'pipe',
      encoding: 'latin1',
      timeoutMs,
      onTimeout: killLeftovers,
      waitMs: 20_000,
    });
    this.tag = tag;
  }

  signal(signal: NodeJS.Signals, pid = this.pid): void {
    process.kill(pid, signal);
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
