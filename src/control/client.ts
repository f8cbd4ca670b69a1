import { connect, type Socket } from 'node:net';
import { ProcmanError } from '../errors.js';
import { formatMessage, LineReader } from './protocol.js';

/** A reply or a streamed message, as the server sent it. */
export type Message = { v: number; id: number; ok?: boolean; error?: string } & Record<string, unknown>;

/** Replies can be big (the log ring); this only bounds a broken server. */
const MAX_REPLY_BYTES = 64 * 1024 * 1024;
const REPLY_TIMEOUT_MS = 5000;

/** A connection to a running procman's control socket. */
export class ControlClient {
  private nextId = 1;
  private readonly handlers = new Map<number, (message: Message) => void>();
  private readonly reader = new LineReader(MAX_REPLY_BYTES);
  /** resolves when the connection closes (the run ended, or close()) */
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    private readonly procfile: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const piece of this.reader.push(chunk)) {
        if (!('line' in piece)) continue;
        let message: Message;
        try {
          message = JSON.parse(piece.line) as Message;
        } catch {
          continue;
        }
        this.handlers.get(message.id)?.(message);
      }
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
  }

  /** Connects, or throws `no procman is running for <procfile>` (a missing or stale socket) or why it cannot. */
  static open(path: string, procfile: string): Promise<ControlClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      socket.once('connect', () => resolve(new ControlClient(socket, procfile)));
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
          reject(
            new ProcmanError(`no procman is running for ${procfile}`, {
              hint: 'start one with procman start; from another folder, give the same -f/-d',
            }),
          );
        } else
          reject(
            new ProcmanError(`cannot reach the procman of ${procfile} at ${path} (${error.code})`, {
              hint: error.code === 'EACCES' ? 'only the user who started it can reach it' : undefined,
            }),
          );
      });
    });
  }

  /**
   * Sends a request; `onMessage` gets its reply and, for a stream, every
   * message after it. No reply within `timeoutMs` (a procman stopped with
   * Ctrl-Z, say) comes as a refusal, so a command never hangs.
   */
  send(body: Record<string, unknown>, onMessage: (message: Message) => void, { timeoutMs = REPLY_TIMEOUT_MS } = {}): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.handlers.delete(id);
      onMessage({ v: 1, id, ok: false, error: `the procman running ${this.procfile} did not answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    void this.closed.then(() => clearTimeout(timer));
    this.handlers.set(id, (message) => {
      clearTimeout(timer);
      onMessage(message);
    });
    this.socket.write(formatMessage(id, body));
  }

  /** One request, one reply; a refusal (`ok: false`) is thrown as a ProcmanError; the connection closing first too. */
  request(body: Record<string, unknown>): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.send(body, (message) => {
        if (message.ok === false) reject(new ProcmanError(String(message.error)));
        else resolve(message);
      });
      void this.closed.then(() => reject(new ProcmanError('the running procman closed the connection before answering')));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
