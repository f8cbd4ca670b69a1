import { unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { ProcmanError } from '../errors.js';
import type { ProcessStatus } from '../runtime/process.js';
import { ensureControlDir } from './paths.js';
import { errorReply, formatMessage, LineReader, MAX_REQUEST_BYTES, okReply, parseRequest, type Request } from './protocol.js';

/** Where a follower's lines go; `write` returns false while the socket is behind. */
export interface FollowSink {
  write(lines: string[]): boolean;
  onDrain(listener: () => void): void;
  dropped(count: number): void;
}

/** What the control socket may ask of the running procman. Name lookups throw a ProcmanError listing the known names. */
export interface ControlTarget {
  pid: number;
  procfile: string;
  status(): ProcessStatus[];
  restart(names: string[]): string[];
  stop(names: string[]): string[];
  logs(names: string[], count: number): string[];
  /** streams new lines to `sink` until the returned unsubscribe */
  follow(names: string[], sink: FollowSink): () => void;
  /** one process on a pty (--tty): its name, and its raw output until the unsubscribe; throws when it is not on one */
  attach(name: string): { name: string; tap(onData: (data: Buffer) => void): () => void };
  input(name: string, data: Buffer): void;
  resize(name: string, cols: number, rows: number): void;
}

export interface ControlServer {
  readonly path: string;
  /** closes every connection and the socket, and removes the socket file */
  close(): void;
}

/** Replies queued for a client that does not read past this: it is dropped, so it can never grow procman's memory. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
// only this user can connect: the cap bounds memory against a runaway script, not an attacker
const MAX_CONNECTIONS = 256;
/** at the end of the run, how long a follower may take to read its last lines */
const CLOSE_GRACE_MS = 250;

/**
 * Listens on the control socket. A stale socket (its procman was killed) is
 * replaced; resolves undefined when another procman answers there. Neither
 * the server nor its connections keep the event loop alive.
 */
export async function startControlServer({ path, target }: { path: string; target: ControlTarget }): Promise<ControlServer | undefined> {
  ensureControlDir(dirname(path));
  const sockets = new Set<Socket>();
  const server = createServer((socket) => serve(socket, target, sockets));
  server.maxConnections = MAX_CONNECTIONS;
  server.on('error', () => {}); // after listening: nothing to do but keep running
  if (!(await listen(server, path))) {
    if ((await probeSocket(path)) !== 'stale') return undefined;
    removeSocket(path);
    if (!(await listen(server, path))) return undefined;
  }
  server.unref();
  let closed = false;
  return {
    path,
    close() {
      if (closed) return;
      closed = true;
      server.close();
      for (const socket of sockets) {
        socket.end();
        // a write to a client that does not read would keep procman alive (a pending write holds the loop)
        setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
      }
      removeSocket(path);
    },
  };
}

function listen(server: Server, path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(false);
      else
        reject(
          new ProcmanError(`cannot listen on the control socket ${path} (${error.code})`, {
            hint: 'procman start --no-control runs without it',
          }),
        );
    };
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve(true);
    });
  });
}

/** Whether a socket file has a live procman behind it: `live`, `stale` (nobody listens), or `absent`. */
export function probeSocket(path: string, timeoutMs = 1000): Promise<'live' | 'stale' | 'absent'> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (result: 'live' | 'stale' | 'absent') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('live'), timeoutMs);
    socket.once('connect', () => done('live'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ENOENT' ? 'absent' : error.code === 'ECONNREFUSED' ? 'stale' : 'live'),
    );
  });
}

function removeSocket(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function serve(socket: Socket, target: ControlTarget, sockets: Set<Socket>): void {
  sockets.add(socket);
  socket.unref();
  const reader = new LineReader(MAX_REQUEST_BYTES);
  const unsubscribes: Array<() => void> = [];
  const send = (text: string): boolean => {
    if (socket.destroyed) return false;
    if (socket.writableLength > MAX_PENDING_BYTES) {
      socket.destroy();
      return false;
    }
    return socket.write(text);
  };
  socket.on('data', (chunk: Buffer) => {
    for (const piece of reader.push(chunk)) {
      if ('tooLong' in piece) send(errorReply(null, `request line longer than ${MAX_REQUEST_BYTES} bytes`));
      else if (piece.line.trim() !== '') answer(piece.line, target, send, socket, unsubscribes);
    }
  });
  socket.on('error', () => {}); // a client that went away
  socket.on('close', () => {
    sockets.delete(socket);
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
  });
}

function answer(
  line: string,
  target: ControlTarget,
  send: (text: string) => boolean,
  socket: Socket,
  unsubscribes: Array<() => void>,
): void {
  const parsed = parseRequest(line);
  if (!parsed.ok) {
    send(errorReply(parsed.id, parsed.error));
    return;
  }
  const { request } = parsed;
  try {
    if (request.cmd === 'attach') {
      const { id } = request;
      const terminal = target.attach(request.name);
      send(okReply(id, { name: terminal.name }));
      unsubscribes.push(terminal.tap((data) => send(formatMessage(id, { data: data.toString('base64') }))));
      return;
    }
    send(okReply(request.id, reply(request, target)));
    if (request.cmd === 'logs' && request.follow) {
      const { id } = request;
      unsubscribes.push(
        target.follow(request.names, {
          write: (lines) => lines.map((text) => send(formatMessage(id, { line: text }))).every(Boolean),
          onDrain: (listener) => socket.once('drain', listener),
          dropped: (count) => send(formatMessage(id, { dropped: count })),
        }),
      );
    }
  } catch (error) {
    // a bad name is the client's mistake; anything else is a bug, but never one that stops the run
    send(errorReply(request.id, error instanceof ProcmanError ? error.message : `internal error: ${(error as Error)?.message}`));
  }
}

function reply(request: Request, target: ControlTarget): Record<string, unknown> {
  switch (request.cmd) {
    case 'hello':
      return { pid: target.pid, procfile: target.procfile };
    case 'status':
      return { now: Date.now(), processes: target.status() };
    case 'restart':
      return { names: target.restart(request.names) };
    case 'stop':
      return { names: target.stop(request.names) };
    case 'logs':
      return { lines: target.logs(request.names, request.lines) };
    case 'input':
      target.input(request.name, request.data);
      return {};
    case 'resize':
      target.resize(request.name, request.cols, request.rows);
      return {};
    case 'attach':
      return {}; // answered above
  }
}
