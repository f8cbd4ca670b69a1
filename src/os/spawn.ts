import { spawn as spawnChild } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ExitStatus } from '../events.js';
import type { Env } from '../project/env.js';
import { liveGroups, taggedProcesses } from './platform/linux.js';
import { shellScript } from './shell.js';

export type StreamName = 'stdout' | 'stderr';

export interface SpawnRequest {
  command: string;
  env: Env;
  cwd: string;
}

export interface OutputListener {
  data(stream: StreamName, chunk: Buffer): void;
  end(stream: StreamName): void;
}

/** A running child: a shell leading its own process group. */
export interface ChildHandle {
  pid: number | undefined;
  /** the shell (not its descendants) exited, or could not be started */
  exit: Promise<ExitStatus>;
  pause(): void;
  resume(): void;
  /** stop reading its output; used when a process outside the group holds the pipe */
  detach(): void;
}

export type Spawn = (request: SpawnRequest, listener: OutputListener) => ChildHandle;

/**
 * Starts `sh -c command` as the leader of a new process group (and session),
 * so one signal to the group reaches every process the command starts. stdin
 * is /dev/null: a background group reading the terminal would be stopped.
 */
export const spawnShell: Spawn = ({ command, env, cwd }, listener) => {
  const child = spawnChild('/bin/sh', ['-c', shellScript(command)], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // When the pipes cannot be made (EMFILE), Node gives no streams and emits 'error' on the next tick.
  const streams: Array<[StreamName, Readable]> = [];
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name];
    if (!stream) {
      queueMicrotask(() => listener.end(name));
      continue;
    }
    streams.push([name, stream]);
    stream.on('data', (chunk: Buffer) => listener.data(name, chunk));
    stream.on('end', () => listener.end(name));
    stream.on('error', () => listener.end(name));
  }
  const exit = new Promise<ExitStatus>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      // the code only: Node's message may quote the environment, which holds secrets
      resolve({ code: error.code === 'ENOENT' ? 127 : 1, signal: null, error: `could not start /bin/sh (${error.code ?? 'unknown error'})` });
      for (const [name, stream] of streams) if (!stream.readableEnded) (stream.destroy(), listener.end(name));
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    pid: child.pid,
    exit,
    pause: () => streams.forEach(([, s]) => s.pause()),
    resume: () => streams.forEach(([, s]) => s.resume()),
    detach: () => {
      for (const [name, stream] of streams) {
        if (stream.readableEnded || stream.destroyed) continue;
        stream.destroy();
        listener.end(name);
      }
    },
  };
};

/** What the supervisor may do to process groups. */
export interface ProcessControl {
  /** signal every process in the group led by pid; a group already gone is not an error */
  signalGroup(pid: number, signal: NodeJS.Signals): void;
  /** whether any process of the group is still alive */
  groupAlive(pid: number): boolean;
  /** signal pid and every descendant still attached to it, even outside its group */
  signalTree(pid: number, signal: NodeJS.Signals): Promise<void>;
  /** signal the processes we started that left all of these groups (setsid); how many */
  signalEscaped?(groups: number[], signal: NodeJS.Signals): number;
  /** whether any process we started is alive outside these groups */
  escapedAlive?(groups: number[]): boolean;
}

let psFound: boolean | undefined;

/** Whether `ps` (which tree-kill runs) is on PATH. */
function hasPs(): boolean {
  psFound ??= (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'ps')));
  return psFound;
}

/** The name of the variable that marks every process of one procman run. */
export const TAG_VARIABLE = 'PROCMAN_ID';

/**
 * Real process control. `tag` is the PROCMAN_ID every child carries in its
 * environment (and its descendants inherit): on Linux it finds processes that
 * left their group with setsid, whatever their parent.
 */
export function createProcessControl({ tag }: { tag?: string } = {}): ProcessControl {
  const escaped = (groups: number[]) => {
    if (!tag || process.platform !== 'linux') return [];
    const known = new Set(groups);
    return taggedProcesses(`${TAG_VARIABLE}=${tag}`).filter((p) => !known.has(p.pgrp));
  };
  // One scan of /proc serves every group asked about in the same event-loop turn.
  // null: /proc could not be read, so every group kill(2) finds counts as alive.
  let live: Set<number> | null | undefined;
  const hasLiveMember = (pgid: number) => {
    if (live === undefined) {
      live = liveGroups() ?? null;
      setImmediate(() => {
        live = undefined;
      });
    }
    return live === null || live.has(pgid);
  };
  return {
    signalGroup(pid, signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        // ESRCH: the group is gone already; EPERM: not ours to kill
      }
    },
    groupAlive(pid) {
      try {
        process.kill(-pid, 0);
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
      return process.platform !== 'linux' || hasLiveMember(pid);
    },
    async signalTree(pid, signal) {
      // tree-kill runs ps without an error handler: where ps is missing (slim images) it would crash us
      if (!hasPs()) return;
      const { default: treeKill } = await import('tree-kill');
      await new Promise<void>((resolve) => treeKill(pid, signal, () => resolve()));
    },
    signalEscaped(groups, signal) {
      const found = escaped(groups);
      for (const { pid } of found) {
        try {
          process.kill(pid, signal);
        } catch {
          // gone meanwhile
        }
      }
      return found.length;
    },
    escapedAlive(groups) {
      return escaped(groups).length > 0;
    },
  };
}

