import { existsSync } from 'node:fs';
import { ProcmanError } from '../errors.js';
import { ControlClient } from './client.js';
import { canonicalPath, controlDir, ensureControlDir } from './paths.js';

/**
 * Before a start: the control folder must be ours and private, and no
 * procman may already run this Procfile (its socket answers `hello` with its
 * pid). A stale socket (its procman was killed) is left for the server to
 * replace. Costs a stat when nothing runs.
 */
export async function checkNotRunning({ path, procfile, env }: { path: string; procfile: string; env: NodeJS.ProcessEnv }): Promise<void> {
  ensureControlDir(controlDir(env));
  if (!existsSync(path)) return;
  let client: ControlClient;
  try {
    client = await ControlClient.open(path, procfile);
  } catch {
    return; // stale: nobody listens
  }
  try {
    const hello = await Promise.race([client.request({ cmd: 'hello' }), timeout(2000)]);
    if (hello && canonicalPath(String(hello.procfile)) !== canonicalPath(procfile)) return; // another project whose path hashes the same: never seen, but harmless
    const who = hello ? `pid ${hello.pid}` : 'it does not answer';
    throw new ProcmanError(`procman is already running for ${procfile} (${who})`, {
      hint: 'use procman status, restart, stop or logs to work with it, or stop it first',
    });
  } catch (error) {
    if (error instanceof ProcmanError && error.message.startsWith('procman is already running')) throw error;
  } finally {
    client.close();
  }
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => {
    const timer: NodeJS.Timeout = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
}
