/** Bytes of an unterminated line held before it is printed in pieces. */
export const DEFAULT_LINE_CAP = 1024 * 1024;

/** One or more whole lines, each ending in `\n`, exactly as the child wrote them. */
export interface LineBatch {
  data: Buffer;
  /** the first line continues a piece cut at the cap */
  continuation: boolean;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into whole lines without decoding it. Complete lines
 * of a chunk pass through as one Buffer; only the unterminated tail is held.
 * When the held tail grows past `cap` on a chunk without a newline, it is
 * emitted as a piece (with a `\n` added) and the next batch is marked as its
 * continuation. So at most `cap` plus one read (64 KiB from a pipe) is held.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private continuing = false;

  constructor(private readonly cap = DEFAULT_LINE_CAP) {}

  /** Feeds one chunk; returns the whole lines it completes, if any. */
  push(chunk: Buffer): LineBatch | undefined {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return this.pendingBytes > this.cap ? this.cut() : undefined;
    }
    const head = last === chunk.length - 1 ? chunk : chunk.subarray(0, last + 1);
    const data = this.pending.length === 0 ? head : Buffer.concat([...this.pending, head]);
    const continuation = this.continuing;
    this.continuing = false;
    this.pending = last === chunk.length - 1 ? [] : [chunk.subarray(last + 1)];
    this.pendingBytes = chunk.length - last - 1;
    return { data, continuation };
  }

  /** The stream ended: a last line without a newline is completed. */
  end(): LineBatch | undefined {
    if (this.pendingBytes === 0) return undefined;
    return this.takePending();
  }

  private cut(): LineBatch {
    const batch = this.takePending();
    this.continuing = true;
    return batch;
  }

  private takePending(): LineBatch {
    const data = Buffer.concat([...this.pending, Buffer.from('\n')]);
    const continuation = this.continuing;
    this.pending = [];
    this.pendingBytes = 0;
    this.continuing = false;
    return { data, continuation };
  }
}
