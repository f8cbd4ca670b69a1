import type { RuntimeEvent } from '../runtime/events.js';
import type { EventConsumer } from '../runtime/seams.js';
import { type LogLine, type LogLines, lineMatches } from './log-lines.js';

export interface RingLimits {
  /** at most this many lines */
  lines: number;
  /** at most about this many bytes of text (a longer single line is kept alone) */
  bytes: number;
}

export const DEFAULT_RING: RingLimits = { lines: 10_000, bytes: 2 * 1024 * 1024 };

/**
 * The last lines of the run, as the screen showed them, for `procman logs`:
 * a consumer that never holds the processes back, bounded by lines and bytes.
 */
export class LogRing implements EventConsumer {
  private lines: LogLine[] = [];
  /** index of the oldest line kept */
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly format: LogLines,
    private readonly limits: RingLimits = DEFAULT_RING,
  ) {}

  write(event: RuntimeEvent): boolean {
    for (const line of this.format.of(event)) this.push(line);
    return true;
  }

  push(line: LogLine): void {
    this.lines.push(line);
    this.bytes += line.text.length;
    while (this.lines.length - this.head > this.limits.lines || (this.bytes > this.limits.bytes && this.lines.length - this.head > 1)) {
      this.bytes -= (this.lines[this.head] as LogLine).text.length;
      this.head++;
    }
    // compact now and then, so the array does not grow without bound
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  /** The last `count` lines of these processes (all when none named), oldest first. */
  last(count: number, names: readonly string[] = []): string[] {
    const out: string[] = [];
    for (let i = this.lines.length - 1; i >= this.head && out.length < count; i--) {
      const line = this.lines[i] as LogLine;
      if (lineMatches(line, names)) out.push(line.text);
    }
    return out.reverse();
  }
}
