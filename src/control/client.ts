import { connect, type Socket } from 'node:net';
import { ProcmanError } from '../errors.js';
import { formatMessage, LineReader } from './protocol.js';

/** A reply or a streamed message, as the server sent it. */
export type Message = { v: number; id: number; ok?: boolean; error?: string } & Record<string, unknown>;

/** Replies can be big (the log ring); this only bounds a broken server. */
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

/** A connection to a running procman's control socket. */
export class ControlClient {
  private nextId = 1;
  private readonly handlers = new Map<number, (message: Message) => void>();
  private readonly reader = new LineReader(MAX_REPLY_BYTES);
  /** resolves when the connection closes (the run ended, or close()) */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
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
      socket.once('connect', () => resolve(new ControlClient(socket)));
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
          reject(
            new ProcmanError(`no procman is running for ${procfile}`, {
              hint: 'start one with procman start; from another folder, give the same -f/-d',
            }),
          );
        } else reject(new ProcmanError(`cannot reach the procman of ${procfile} at ${path} (${error.code})`));
      });
    });
  }

  /** Sends a request; `onMessage` gets its reply and, for a stream, every message after it. */
  send(body: Record<string, unknown>, onMessage: (message: Message) => void): void {
    const id = this.nextId++;
    this.handlers.set(id, onMessage);
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
