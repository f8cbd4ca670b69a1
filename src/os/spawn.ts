import { spawn as spawnChild } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ExitStatus, StreamName } from '../runtime/events.js';
import type { ChildHandle, OutputListener, Spawn, SpawnRequest } from '../runtime/seams.js';
import { noteChunk } from './nap.js';
import { noteRead } from './reclaim.js';
import { shellScript } from './shell.js';

/**
 * Starts `sh -c command` as the leader of a new process group (and session),
 * so one signal to the group reaches every process the command starts. stdin
 * is /dev/null: a background group reading the terminal would be stopped.
 */
export const spawnShell: Spawn = (request, listener) => spawnWith(request, listener, { input: false });

/** The process fed by `--stdin`: its stdin is a pipe from procman, written through `pipeInputOf(name)`. */
export const spawnShellWithInput: Spawn = (request, listener) => spawnWith(request, listener, { input: true });

const inputs = new Map<string, Writable>();

/** The stdin pipe of the current run of a process started by spawnShellWithInput. */
export function pipeInputOf(name: string): Writable | undefined {
  return inputs.get(name);
}

function spawnWith({ command, env, cwd, name = '' }: SpawnRequest, listener: OutputListener, { input }: { input: boolean }): ChildHandle {
  const child = spawnChild('/bin/sh', ['-c', shellScript(command)], {
    cwd,
    env,
    detached: true,
    stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (input && child.stdin) {
    const stdin = child.stdin;
    stdin.on('error', () => {}); // it exited, or closed its stdin
    inputs.set(name, stdin);
    child.once('exit', () => {
      if (inputs.get(name) === stdin) inputs.delete(name);
    });
  }
  // When the pipes cannot be made (EMFILE), Node gives no streams and emits 'error' on the next tick.
  const streams: Array<[StreamName, Readable]> = [];
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name];
    if (!stream) {
      queueMicrotask(() => listener.end(name));
      continue;
    }
    streams.push([name, stream]);
    stream.on('data', (chunk: Buffer) => {
      noteRead(chunk.length);
      listener.data(name, chunk);
      noteChunk(chunk.length);
    });
    stream.on('end', () => listener.end(name));
    stream.on('error', () => listener.end(name));
  }
  const exit = new Promise<ExitStatus>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      // the code only: Node's message may quote the environment, which holds secrets
      resolve({
        code: error.code === 'ENOENT' ? 127 : 1,
        signal: null,
        error: `could not start /bin/sh (${error.code ?? 'unknown error'})`,
      });
      for (const [name, stream] of streams) {
        if (stream.readableEnded) continue;
        stream.destroy();
        listener.end(name);
      }
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    pid: child.pid,
    exit,
    pause: () => {
      for (const [, stream] of streams) stream.pause();
    },
    resume: () => {
      for (const [, stream] of streams) stream.resume();
    },
    detach: () => {
      for (const [name, stream] of streams) {
        if (stream.readableEnded || stream.destroyed) continue;
        stream.destroy();
        listener.end(name);
      }
    },
  };
}
