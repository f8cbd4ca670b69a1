import type { RuntimeEvent } from './events.js';
import type { ManagedProcess } from './process.js';
import type { EventConsumer } from './seams.js';

/**
 * Backpressure: when the output is behind (the terminal stopped reading),
 * every process is paused until it drains, so procman's memory stays
 * bounded and nothing is dropped.
 */
export class OutputFlow {
  private blocked = false;

  constructor(
    private readonly output: EventConsumer,
    private readonly processes: readonly ManagedProcess[],
  ) {}

  get paused(): boolean {
    return this.blocked;
  }

  /** Sends an event on; returns whether the output took it without falling behind. */
  write(event: RuntimeEvent): void {
    const { output } = this;
    if (output.write(event) || this.blocked || !output.onDrain) return;
    this.blocked = true;
    for (const process of this.processes) process.pause();
    output.onDrain(() => {
      this.blocked = false;
      for (const process of this.processes) process.resume();
    });
  }
}
