/** The runtime's timers, so that every one can be cleared when the run ends. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

/**
 * Looks again, soon, at groups whose leader exited but whose members live
 * on. Polls start fast and slow down to `maxMs`: most groups are empty within
 * a few ms of their leader. Several requests in one wait make one poll.
 */
export class Poller {
  private armed = false;
  private delay = 2;

  constructor(
    private readonly timers: Timers,
    private readonly maxMs: number,
    private readonly onPoll: () => void,
  ) {}

  request(): void {
    if (this.armed) return;
    this.armed = true;
    const delay = Math.min(this.delay, this.maxMs);
    this.delay *= 2;
    this.timers.after(delay, () => {
      this.armed = false;
      this.onPoll();
    });
  }
}
