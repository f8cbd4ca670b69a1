/** One type's share of a burst of changes: the first files (in order), and how many in all. */
export interface Burst {
  type: string;
  paths: string[];
  count: number;
}

export interface ChangeBatcherOptions {
  /** a burst ends once no change came for this long */
  quietMs: number;
  /** the bursts of every type that changed, in the order each first changed */
  onBurst(bursts: Burst[]): void;
  /** how many paths a burst keeps (the count covers the rest) */
  keep?: number;
}

/** How long a burst must be quiet: a `git checkout` of 500 files makes one restart. */
export const DEFAULT_QUIET_MS = 200;

/**
 * Debounces changes: collects the files that changed, by type, until no
 * change came for `quietMs`, then hands over each type's burst once. A file
 * that changed several times (an editor's save) counts once.
 */
export class ChangeBatcher {
  private pending = new Map<string, { paths: string[]; seen: Set<string> }>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ChangeBatcherOptions) {}

  /** A file (as shown) changed, which these types watch. */
  add(types: readonly string[], path: string): void {
    if (this.closed || types.length === 0) return;
    const keep = this.options.keep ?? 10;
    for (const type of types) {
      const burst = this.pending.get(type) ?? { paths: [], seen: new Set<string>() };
      this.pending.set(type, burst);
      if (burst.seen.has(path)) continue;
      burst.seen.add(path);
      if (burst.paths.length < keep) burst.paths.push(path);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.quietMs);
  }

  /** Drops what is pending; nothing more is handed over. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const bursts = [...this.pending].map(([type, { paths, seen }]) => ({ type, paths, count: seen.size }));
    this.pending = new Map();
    this.options.onBurst(bursts);
  }
}
