import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { parse } from 'dotenv';
import { fixture, procmanSync } from '../helpers/cli.js';
import { runSync, type SyncResult } from '../helpers/process.js';

export const demoDir = fixture('demo');
export const hostileDir = fixture('export/hostile');

/** Exports and fails with procman's own stderr when it did not succeed. */
export function exportOk(args: string[], cwd: string): SyncResult {
  const result = procmanSync(['export', ...args], cwd);
  if (result.status !== 0) throw new Error(`procman export ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}

export function makeTempDir(): string {
  return mkdtempSync(`${tmpdir()}/procman-export-`);
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** What the hostile fixture's env file says, as dotenv reads it. */
export function hostileFileEnv(): Record<string, string> {
  return parse(readFileSync(`${hostileDir}/.env`));
}

/** The env an exported instance must get: the env files, PORT, PS, PYTHONUNBUFFERED. */
export function expectedEnv(name: string, port: number): Record<string, string> {
  return { ...hostileFileEnv(), PORT: String(port), PS: name, PYTHONUNBUFFERED: '1' };
}

/** The argv the hostile `env` command must give print-env.js once its shell has run. */
export function expectedArgv(port: number): string[] {
  return [`port=${port}`, "it's", '100%', '%(here)s', '%n', '${HOME}', '$$', 'a ;b', 'c #d'];
}

/** Picks the given env keys, to compare what a process got with what it should. */
export function pick(env: Record<string, string | undefined>, keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, env[k]]));
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The first line of a file that parses as JSON, if the file has one yet. */
export function firstJsonLine(path: string): { argv: string[]; env: Record<string, string>; cwd: string } | undefined {
  if (!existsSync(path)) return undefined;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('{')) {
      try {
        return JSON.parse(line);
      } catch {
        return undefined; // still being written
      }
    }
  }
  return undefined;
}

/** Runs a python3 snippet that prints JSON; undefined when python3 (or the module) is missing. */
export function python(script: string, args: string[]): unknown {
  const result = runSync(['python3', '-c', script, ...args]);
  if (result.status !== 0) throw new Error(`python3 failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

export function hasPython(module: string): boolean {
  return runSync(['python3', '-c', `import ${module}`]).status === 0;
}

/** Runs argv with exactly env (plus PATH to find node), as a supervisor would; returns its stdout. */
export function runLike(argv: string[], env: Record<string, string>, cwd: string): string {
  const result = runSync(argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, cwd });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}
