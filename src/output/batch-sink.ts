import { write as fsWrite } from 'node:fs';
import { monotonicMs } from '../os/clock.js';
import type { WriteFn } from './sink.js';
import { Waiters } from './waiters.js';

export interface BatchSinkOptions {
  fd?: number;
  /** queued bytes above which `write` returns false */
  highWater?: number;
  /** the reader went away (EPIPE) or the fd failed; later writes are dropped */
  onError?: (error: NodeJS.ErrnoException) => void;
  write?: WriteFn;
  /** sustained, at most one write per this many ms ... */
  gapMs?: number;
  /** ... after a burst of this many at once */
  burst?: number;
  now?: () => number;
}

/**
 * Room beyond the high-water mark: one event past it (a 64 KiB read of short
 * lines, with their prefixes). Buffers this big come from mmap, so pages never
 * written cost no memory; a bigger event grows the buffer to fit.
 */
const SLACK_BYTES = 256 * 1024;

/**
 * The console's sink: what is printed is copied into one pooled buffer (the
 * batch), and the batch goes out as one write from libuv's thread pool, as
 * FdSink does (a paused terminal blocks a pool thread, never the event loop).
 * Two buffers take turns: one in flight, one filling; neither is allocated
 * again once grown, so printing allocates nothing per line or per event.
 *
 * A batch is written on the turn of the event loop it was started in, so
 * lines read in one turn go out together. Each write costs a thread-pool
 * round trip (two wake-ups, two syscalls), which dominated with many chatty
 * processes (one line a read): writes are paced by a token bucket, a burst of
 * `burst` at once (start-up lines are not held back) and then one per `gapMs`
 * (lines arriving meanwhile join the batch, held at most `gapMs`).
 */
export class BatchSink {
  private fill: Buffer;
  private fillLen = 0;
  private spare: Buffer | undefined;
  /** the buffer being written, and how far */
  private out: Buffer | undefined;
  private outAt = 0;
  private outEnd = 0;
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private tokens: number;
  private tokensAt: number;
  private failed: NodeJS.ErrnoException | undefined;
  private readonly drained = new Waiters();
  private readonly flushed = new Waiters();
  private readonly fd: number;
  private readonly highWater: number;
  private readonly onError: (error: NodeJS.ErrnoException) => void;
  private readonly writeFd: WriteFn;
  private readonly gapMs: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor({
    fd = 1,
    highWater = 1024 * 1024,
    onError = () => {},
    write = fsWrite,
    gapMs = 2,
    burst = 8,
    now = monotonicMs,
  }: BatchSinkOptions = {}) {
    this.fd = fd;
    this.highWater = highWater;
    this.onError = onError;
    this.writeFd = write;
    this.gapMs = gapMs;
    this.burst = burst;
    this.now = now;
    this.fill = Buffer.allocUnsafeSlow(highWater + SLACK_BYTES);
    this.tokens = burst;
    this.tokensAt = now();
  }

  /** Bytes accepted but not yet written. */
  get pending(): number {
    return this.outEnd - this.outAt + this.fillLen;
  }

  /** Where the next bytes go in `room`'s buffer. */
  get length(): number {
    return this.fillLen;
  }

  /** The batch, with room for `bytes` more from `length` on; `commit` them once written there. */
  room(bytes: number): Buffer {
    const needed = this.fillLen + bytes;
    if (needed > this.fill.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(needed, this.fill.length * 2));
      this.fill.copy(grown, 0, 0, this.fillLen);
      this.fill = grown;
    }
    return this.fill;
  }

  /** Adds `bytes` written into `room`'s buffer to the batch; false above the high-water mark. */
  commit(bytes: number): boolean {
    if (this.failed) return true;
    this.fillLen += bytes;
    if (this.out === undefined && !this.scheduled) this.schedule();
    return this.pending < this.highWater;
  }

  write(chunk: Buffer): boolean {
    if (this.failed) return true;
    this.room(chunk.length).set(chunk, this.fillLen);
    return this.commit(chunk.length);
  }

  /** Calls `listener` once the queue is back under the high-water mark. */
  onDrain(listener: () => void): void {
    if (this.failed || this.pending < this.highWater) queueMicrotask(listener);
    else this.drained.add(listener);
  }

  /** Resolves when everything accepted so far is written (or writing failed); what waits for pacing goes now. */
  flush(): Promise<void> {
    if (this.out === undefined && this.fillLen === 0) return Promise.resolve();
    if (this.out === undefined && !this.failed) this.pump();
    if (this.out === undefined) return Promise.resolve();
    return new Promise((resolve) => this.flushed.add(resolve));
  }

  /** The next write: on this turn's check phase when a token is left, else once one is. */
  private schedule(): void {
    this.scheduled = true;
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, now - this.tokensAt) / this.gapMs);
    this.tokensAt = now;
    if (this.tokens >= 1) setImmediate(() => this.pump());
    // never held longer than one gap, whatever the clock did
    else this.timer = setTimeout(() => this.pump(), Math.min(1, 1 - this.tokens) * this.gapMs);
  }

  private pump(): void {
    this.scheduled = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.out !== undefined || this.fillLen === 0 || this.failed) return;
    this.tokens -= 1;
    this.out = this.fill;
    this.outAt = 0;
    this.outEnd = this.fillLen;
    this.fill = this.spare ?? Buffer.allocUnsafeSlow(this.out.length);
    this.spare = undefined;
    this.fillLen = 0;
    this.send();
  }

  private send(): void {
    const out = this.out as Buffer;
    this.writeFd(this.fd, out.subarray(this.outAt, this.outEnd), (error, written) => {
      if (this.failed) return;
      if (error) {
        if (error.code === 'EAGAIN') {
          // An fd someone set non-blocking: wait for the reader instead of spinning.
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.send();
          }, 5);
          return;
        }
        this.fail(error);
        return;
      }
      this.outAt += written;
      if (this.pending < this.highWater) this.drained.fire();
      if (this.outAt < this.outEnd) {
        this.send();
        return;
      }
      this.spare = out;
      this.out = undefined;
      this.outAt = 0;
      this.outEnd = 0;
      if (this.fillLen > 0) {
        // a flush is waiting: no pacing
        if (this.flushed.size > 0) this.pump();
        else this.schedule();
      } else this.flushed.fire();
    });
  }

  private fail(error: NodeJS.ErrnoException): void {
    this.failed = error;
    this.out = undefined;
    this.outAt = 0;
    this.outEnd = 0;
    this.fillLen = 0;
    this.drained.fire();
    this.flushed.fire();
    this.onError(error);
  }
}
