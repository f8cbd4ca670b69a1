import { write as fsWrite } from 'node:fs';
import type { ByteSink } from './types.js';
import { Waiters } from './waiters.js';

export type WriteFn = (fd: number, buffer: Buffer, callback: (error: NodeJS.ErrnoException | null, written: number) => void) => void;

export interface FdSinkOptions {
  fd?: number;
  /** queued bytes above which `write` returns false */
  highWater?: number;
  /** the reader went away (EPIPE) or the fd failed; later writes are dropped */
  onError?: (error: NodeJS.ErrnoException) => void;
  write?: WriteFn;
}

/**
 * Writes to a file descriptor from libuv's thread pool, one write in flight,
 * everything queued meanwhile coalesced into the next write. A terminal that
 * is paused (Ctrl-S) or a pipe nobody reads blocks only that thread: the event
 * loop stays free to handle signals and children. `write` returns false above
 * the high-water mark so the caller can stop reading from its children.
 */
export class FdSink implements ByteSink {
  private queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  private failed: NodeJS.ErrnoException | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly drained = new Waiters();
  private readonly flushed = new Waiters();
  private readonly fd: number;
  private readonly highWater: number;
  private readonly onError: (error: NodeJS.ErrnoException) => void;
  private readonly writeFd: WriteFn;

  constructor({ fd = 1, highWater = 1024 * 1024, onError = () => {}, write = fsWrite }: FdSinkOptions = {}) {
    this.fd = fd;
    this.highWater = highWater;
    this.onError = onError;
    this.writeFd = write;
  }

  /** Bytes accepted but not yet written. */
  get pending(): number {
    return this.queued;
  }

  write(chunk: Buffer): boolean {
    if (this.failed) return true;
    this.queue.push(chunk);
    this.queued += chunk.length;
    if (!this.writing) this.pump();
    return this.queued < this.highWater;
  }

  /** Calls `listener` once the queue is back under the high-water mark. */
  onDrain(listener: () => void): void {
    if (this.failed || this.queued < this.highWater) queueMicrotask(listener);
    else this.drained.add(listener);
  }

  /**
   * Gives up: drops what is queued and writes nothing more. A write already
   * in flight cannot be called back; returns whether there is none, so the
   * caller knows whether it may close the fd.
   */
  abandon(): boolean {
    if (!this.failed) this.failed = Object.assign(new Error('abandoned'), { code: 'ABANDONED' });
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = undefined;
      this.writing = false;
    }
    this.queue = [];
    this.queued = 0;
    this.drained.fire();
    if (!this.writing) this.flushed.fire();
    return !this.writing;
  }

  /** Resolves when everything accepted so far is written (or writing failed). */
  flush(): Promise<void> {
    if (!this.writing) return Promise.resolve();
    return new Promise((resolve) => this.flushed.add(resolve));
  }

  private pump(): void {
    const chunk = this.queue.length === 1 ? (this.queue[0] as Buffer) : Buffer.concat(this.queue);
    this.queue = [];
    this.writing = true;
    this.writeFd(this.fd, chunk, (error, written) => {
      if (this.failed) {
        // abandoned while this write was in flight
        this.writing = false;
        this.flushed.fire();
        return;
      }
      if (error) {
        if (error.code === 'EAGAIN') {
          // An fd someone set non-blocking (or a FIFO log file): wait for the reader instead of spinning.
          this.queue.unshift(chunk);
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.pump();
          }, 5);
          return;
        }
        this.fail(error);
        return;
      }
      this.queued -= written;
      if (written < chunk.length) this.queue.unshift(chunk.subarray(written));
      if (this.queued < this.highWater) this.drained.fire();
      if (this.queue.length > 0) this.pump();
      else {
        this.writing = false;
        this.flushed.fire();
      }
    });
  }

  private fail(error: NodeJS.ErrnoException): void {
    this.failed = error;
    this.queue = [];
    this.queued = 0;
    this.writing = false;
    this.drained.fire();
    this.flushed.fire();
    this.onError(error);
  }
}
