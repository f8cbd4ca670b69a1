import { lineCount } from '../output/prefix-copy.js';
import { describeEvent } from '../output/wording.js';
import type { RuntimeEvent } from '../runtime/events.js';
import type { EventConsumer } from '../runtime/seams.js';
import { type LogLines, lineMatches } from './log-lines.js';

export interface RingLimits {
  /** about this many lines (plus at most one batch of lines a process wrote at once) */
  lines: number;
  /** bytes of output kept: one buffer of this size, allocated once */
  bytes: number;
}

/** 2 MiB: more than a cut piece of a long line (1 MiB) plus one read */
export const DEFAULT_RING: RingLimits = { lines: 10_000, bytes: 2 * 1024 * 1024 };

/** A batch of lines (its bytes in the store), or another event the screen shows. */
type Entry = { lines: number } & (
  | { kind: 'line'; name: string; stream: 'stdout' | 'stderr'; at: number; continuation: boolean; offset: number; length: number }
  | { kind: 'other'; event: Exclude<RuntimeEvent, { kind: 'line' }> }
);

/**
 * The last lines of the run, for `procman logs`: a consumer that never holds
 * the processes back, bounded by lines and bytes. Lines are copied into one
 * circular buffer allocated once (holding the children's chunks instead
 * would keep them alive past the young generation and let the heap grow to
 * several times the bound), and worded and prefixed only when asked.
 */
export class LogRing implements EventConsumer {
  private entries: Entry[] = [];
  /** index of the oldest entry kept */
  private head = 0;
  private lines = 0;
  private store: Buffer | undefined;
  private at = 0;

  constructor(
    private readonly format: LogLines,
    private readonly limits: RingLimits = DEFAULT_RING,
  ) {}

  write(event: RuntimeEvent): boolean {
    if (event.kind === 'line') this.keepLines(event);
    else if (describeEvent(event)) this.push({ kind: 'other', event, lines: 1 });
    return true;
  }

  private keepLines({ name, stream, at, continuation, bytes }: Extract<RuntimeEvent, { kind: 'line' }>): void {
    const capacity = this.limits.bytes;
    if (bytes.length > capacity) return; // never, with the 1 MiB line cap
    this.store ??= Buffer.allocUnsafeSlow(capacity);
    if (this.at + bytes.length > capacity) this.at = 0;
    const offset = this.at;
    this.evictOverlapping(offset, offset + bytes.length);
    this.store.set(bytes, offset);
    this.at += bytes.length;
    this.push({ kind: 'line', name, stream, at, continuation, offset, length: bytes.length, lines: lineCount(bytes) });
  }

  /** Drops the oldest batches whose bytes the next one overwrites, with every entry before them. */
  private evictOverlapping(start: number, end: number): void {
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i] as Entry;
      if (entry.kind !== 'line') continue;
      if (entry.offset >= end || entry.offset + entry.length <= start) break;
      while (this.head <= i) this.drop();
    }
  }

  private drop(): void {
    this.lines -= (this.entries[this.head] as Entry).lines;
    this.head++;
  }

  private push(entry: Entry): void {
    this.entries.push(entry);
    this.lines += entry.lines;
    while (this.entries.length - this.head > 1 && this.lines - (this.entries[this.head] as Entry).lines >= this.limits.lines) this.drop();
    // compact now and then, so the array does not grow without bound
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The last `count` lines of these processes (all when none named), as the screen showed them without colour, oldest first. */
  last(count: number, names: readonly string[] = []): string[] {
    const out: string[][] = [];
    let found = 0;
    for (let i = this.entries.length - 1; i >= this.head && found < count; i--) {
      const lines = this.format
        .of(this.eventOf(this.entries[i] as Entry))
        .filter((line) => lineMatches(line, names))
        .map((line) => line.text);
      const taken = lines.slice(Math.max(0, lines.length - (count - found)));
      out.push(taken);
      found += taken.length;
    }
    return out.reverse().flat();
  }

  private eventOf(entry: Entry): RuntimeEvent {
    if (entry.kind === 'other') return entry.event;
    const { name, stream, at, continuation, offset, length } = entry;
    return { kind: 'line', name, stream, at, continuation, bytes: (this.store as Buffer).subarray(offset, offset + length) };
  }
}
