import { droppedNote, formatLogLines, formatLogNote } from '../output/log-format.js';
import { lineCount } from '../output/prefix-copy.js';
import { describeEvent } from '../output/wording.js';
import type { RuntimeEvent } from '../runtime/events.js';
import type { LossyConsumer } from '../runtime/fanout.js';

/** Where a log file's bytes go: a bounded queue that says when it is full and when it has room again. */
export interface LogSink {
  /** false once the queue is full */
  write(chunk: Buffer): boolean;
  onDrain(listener: () => void): void;
}

/**
 * One process's log file, as a fan-out consumer that never pauses anyone:
 * that process's output lines and its started/exited lines (log-format.ts).
 * When the sink's queue is full, `write` returns false and the fan-out drops
 * what follows, counting this process's lines (`weigh`); once the sink has
 * drained, one line says how many were dropped.
 */
export class LogFile implements LossyConsumer {
  constructor(
    private readonly name: string,
    private readonly sink: LogSink,
    private readonly now: () => number = Date.now,
  ) {}

  write(event: RuntimeEvent): boolean {
    if (event.kind === 'line') return event.name === this.name ? this.sink.write(formatLogLines(event)) : true;
    if (event.kind !== 'state' || event.name !== this.name) return true;
    const shown = describeEvent(event);
    return shown ? this.sink.write(formatLogNote(shown.text, event.at)) : true;
  }

  onDrain(listener: () => void): void {
    this.sink.onDrain(listener);
  }

  /** What a dropped event cost this file: its lines when it is this process's output, else nothing. */
  weigh(event: RuntimeEvent): number {
    return event.kind === 'line' && event.name === this.name ? lineCount(event.bytes) : 0;
  }

  dropped(count: number): void {
    this.sink.write(formatLogNote(droppedNote(count), this.now()));
  }
}
