import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcmanError } from '../errors.js';

/**
 * Where a running procman's control socket is: one per resolved Procfile
 * path, in a folder only this user may enter, so the project folder stays
 * clean and nobody else can connect.
 */
export function controlDir(env: NodeJS.ProcessEnv, uid = process.getuid?.() ?? 0): string {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime ? join(runtime, 'procman') : join(tmpdir(), `procman-${uid}`);
}

/** The socket of the procman running this Procfile (an absolute path), the same through any symlink to it. */
export function socketPath(procfile: string, env: NodeJS.ProcessEnv): string {
  return join(controlDir(env), `${hashOf(canonicalPath(procfile))}.sock`);
}

/** The path with symlinks resolved (macOS's /tmp is /private/tmp), or as given when it does not exist. */
export function canonicalPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * 64-bit FNV-1a of the path's UTF-16 code units, as 16 hex digits: cheap and
 * pure, so finding the socket costs nothing at start-up (node:crypto takes
 * 20-30 ms to load here). A collision is harmless: the running procman's
 * hello names its Procfile, and the client checks it.
 */
export function hashOf(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    // multiply (hi, lo) by the FNV prime 2^40 + 0x1b3, in 32-bit halves
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x1_0000_0000);
    const newHi = (hi * 0x1b3 + ((lo << 8) >>> 0) + carry) >>> 0;
    lo = loMul >>> 0;
    hi = newHi;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

export interface DirFacts {
  uid: number;
  mode: number;
  isDirectory: boolean;
}

/** Why this folder may not hold our socket, or undefined when it may: ours, a real folder, no access for group or others. */
export function unsafeDir(facts: DirFacts, uid: number): string | undefined {
  if (!facts.isDirectory) return 'is not a folder';
  if (facts.uid !== uid) return `is owned by uid ${facts.uid}, not by you (uid ${uid})`;
  if ((facts.mode & 0o077) !== 0) return `is open to others (mode ${(facts.mode & 0o777).toString(8)}; expected 700)`;
  return undefined;
}

/** Creates the control folder (mode 0700) or checks the one there; throws when it is not safe to use. */
export function ensureControlDir(dir: string, uid = process.getuid?.() ?? 0): void {
  try {
    mkdirSync(dir, { mode: 0o700, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw unusable(dir, `cannot be created (${(error as NodeJS.ErrnoException).code})`);
  }
  const stat = lstatSync(dir);
  const problem = unsafeDir({ uid: stat.uid, mode: stat.mode, isDirectory: stat.isDirectory() }, uid);
  if (problem) throw unusable(dir, problem);
}

function unusable(dir: string, problem: string): ProcmanError {
  return new ProcmanError(`control folder ${dir} ${problem}`, {
    hint: 'remove it, or set XDG_RUNTIME_DIR to a folder of your own (procman start --no-control runs without it)',
  });
}
