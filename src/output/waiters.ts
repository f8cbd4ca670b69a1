/** Callbacks waiting for one thing to happen (a sink drained, or flushed): each is called once, then forgotten. */
export class Waiters {
  private list: Array<() => void> = [];

  get size(): number {
    return this.list.length;
  }

  add(listener: () => void): void {
    this.list.push(listener);
  }

  /** Calls every waiting listener, in order; one added meanwhile waits for the next time. */
  fire(): void {
    if (this.list.length === 0) return;
    const listeners = this.list;
    this.list = [];
    for (const listener of listeners) listener();
  }
}
