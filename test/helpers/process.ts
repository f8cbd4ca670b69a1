// Processes in tests: is a pid alive, kill what a test started, poll for a condition, run a command
// to completion. Shared by the e2e and reliability suites.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The state letter of pid in /proc/<pid>/stat (R, S, Z, ...), or undefined when it cannot be read. */
export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** The command line of pid, arguments joined by spaces, or undefined once it is gone. */
export function cmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/** Whether pid is alive: it exists (EPERM counts) and is not a zombie (dead, unreaped: PID 1 here does not reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procState(pid) !== 'Z';
}

/** Pids of processes still alive (zombies count as dead) among `pids`. */
export function alive(pids: Iterable<number>): number[] {
  return [...pids].filter(isAlive);
}

/** Every process group a test saw started; killed in cleanup if still alive. */
const groups = new Set<number>();

export function track(pid: number): void {
  groups.add(pid);
}

/** SIGKILLs a process (or, negative, a process group) if it is still there. */
export function sigkill(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Kills every group and process the tests started; returns what was still alive. */
export function killTracked(): number[] {
  const left = alive(groups);
  for (const pid of groups) {
    sigkill(-pid);
    sigkill(pid);
  }
  groups.clear();
  return left;
}

/** Calls `check` every `everyMs` until it gives a value (not undefined); past `timeoutMs`, fails with `failure()`. */
async function poll<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  everyMs: number,
  failure: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Polls until `condition` holds, or fails naming what was awaited (and `detail()` when given). */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000, detail?: () => string): Promise<void> {
  await poll(
    () => (condition() ? true : undefined),
    timeoutMs,
    20,
    () => `timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\n${detail()}` : ''}`,
  );
}

/** Polls `check` (every 100 ms: it may be a request or a command) until it returns a value, or fails after timeoutMs with message. */
export async function untilValue<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, message: string): Promise<T> {
  return poll(check, timeoutMs, 100, () => `timed out after ${timeoutMs} ms: ${message}`);
}

/** Waits until none of the pids is alive, or fails listing the survivors. */
export async function assertGone(pids: Iterable<number>, timeoutMs = 5_000): Promise<void> {
  const list = [...pids];
  await until(() => alive(list).length === 0, `processes ${alive(list).join(', ')} to be gone`, timeoutMs).catch(() => {
    throw new Error(`orphans left alive: ${alive(list).join(', ')}`);
  });
}

export interface SyncResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs argv to completion (killed past `timeoutMs`); `env`, when given, is the whole environment. */
export function runSync(
  argv: string[],
  { cwd, env, timeoutMs = 30_000 }: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): SyncResult {
  const [file = '', ...args] = argv;
  const result = spawnSync(file, args, { cwd, env, encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
