import type { RuntimeEvent } from './events.js';
import type { EventConsumer } from './seams.js';

/** A consumer told how many events it missed while it was behind. */
export interface LossyConsumer extends EventConsumer {
  /** how much a missed event counts towards `dropped` (default 1; 0 for events it would have ignored) */
  weigh?(event: RuntimeEvent): number;
  dropped?(count: number): void;
}

interface Entry {
  consumer: LossyConsumer;
  /** its backpressure pauses the processes (the terminal) */
  pauses: boolean;
  /** it returned false and has not drained yet */
  behind: boolean;
  dropped: number;
}

/**
 * Sends every event to every consumer, in the order they were added.
 *
 * Only a consumer added with `pauses` (the console) holds the processes
 * back: while it is behind, `write` returns false and the runtime pauses
 * every process until `onDrain`. Any other consumer (a log file, a socket,
 * an API listener) cannot stall the others: while it is behind, events for
 * it are dropped and counted, and once it drains it is told how many it
 * missed (`dropped`; a consumer counts in its own units with `weigh`, a log
 * file in its process's lines). A consumer without `onDrain` that returns false loses
 * just that event.
 */
export class Fanout implements EventConsumer {
  private entries: Entry[] = [];

  add(consumer: LossyConsumer, { pauses = false }: { pauses?: boolean } = {}): () => void {
    const entry: Entry = { consumer, pauses, behind: false, dropped: 0 };
    this.entries.push(entry);
    return () => {
      this.entries = this.entries.filter((e) => e !== entry);
    };
  }

  write(event: RuntimeEvent): boolean {
    let keepGoing = true;
    for (const entry of this.entries) {
      if (entry.behind && !entry.pauses) {
        entry.dropped += entry.consumer.weigh ? entry.consumer.weigh(event) : 1;
        continue;
      }
      if (entry.consumer.write(event)) continue;
      if (entry.pauses) {
        entry.behind = true;
        keepGoing = false;
      } else this.fallBehind(entry);
    }
    return keepGoing;
  }

  /** Calls `listener` once every pausing consumer that is behind has drained. */
  onDrain(listener: () => void): void {
    const waiting = this.entries.filter((e) => e.pauses && e.behind);
    let left = waiting.length;
    if (left === 0) {
      queueMicrotask(listener);
      return;
    }
    for (const entry of waiting) {
      const drained = () => {
        entry.behind = false;
        if (--left === 0) listener();
      };
      if (entry.consumer.onDrain) entry.consumer.onDrain(drained);
      else queueMicrotask(drained);
    }
  }

  private fallBehind(entry: Entry): void {
    const { consumer } = entry;
    if (!consumer.onDrain) return;
    entry.behind = true;
    consumer.onDrain(() => {
      entry.behind = false;
      const missed = entry.dropped;
      entry.dropped = 0;
      if (missed > 0) consumer.dropped?.(missed);
    });
  }
}
