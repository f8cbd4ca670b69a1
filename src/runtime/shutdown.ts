import type { ShutdownStep } from './events.js';
import type { ManagedProcess } from './process.js';
import type { ProcessControl } from './seams.js';

/** How one process is stopped: its stop signal, and how long it has before SIGKILL. */
export interface StopRule {
  signal: NodeJS.Signals;
  timeoutMs: number;
}

export interface ShutdownDeps {
  /** every process of the run */
  processes: readonly ManagedProcess[];
  control: ProcessControl;
  step(step: ShutdownStep): void;
  /** runs `fn` after `ms`, through the runtime's timers */
  after(ms: number, fn: () => void): void;
  /** look again soon at what is left */
  poll(): void;
  /** a process may be gone after a kill */
  settle(process: ManagedProcess): void;
  /** output is paused: a held pipe may just be waiting for the reader */
  paused(): boolean;
  stopRule(process: ManagedProcess): StopRule;
  /** the processes each process started after (`--after`): they are stopped after it */
  dependencies: ReadonlyMap<string, readonly string[]>;
  graceMs: number;
}

/**
 * The phases of a shutdown: the stop signal (SIGTERM) to every group, in
 * reverse start order (a process once every process that started after it
 * is gone), and to what left its group; at each process's timeout, counted
 * from the start of the shutdown, or at once on a second signal, SIGKILL to
 * the trees and groups; then, every grace period, stop reading pipes that
 * processes outside the groups hold; finally `escapedAlive` keeps killing
 * escaped processes until none is left.
 */
export class Shutdown {
  /** SIGKILL was sent at least once: escaped processes are killed at every sweep */
  private killed = false;
  private readonly signalled = new Set<ManagedProcess>();
  private readonly killedOnTime = new Set<ManagedProcess>();

  constructor(private readonly deps: ShutdownDeps) {}

  /** Signals what may stop now; arms the kill timers. */
  terminate(): void {
    const { control } = this.deps;
    const live = this.live();
    const escaped = control.signalEscaped?.(this.groups(), 'SIGTERM') ?? 0;
    if (live.length === 0 && escaped === 0) return;
    this.progress();
    if (escaped > 0) this.deps.step({ phase: 'escaped', signal: 'SIGTERM', count: escaped });
    const timeouts = new Set(live.map((p) => this.deps.stopRule(p).timeoutMs));
    for (const ms of [...timeouts].sort((a, b) => a - b)) {
      this.deps.after(ms, () => this.kill((p) => !this.killedOnTime.has(p) && this.deps.stopRule(p).timeoutMs <= ms, this.killedOnTime));
    }
    if (live.length === 0) this.deps.poll();
  }

  /** Signals every live process none of whose dependents is still alive (all of them without --after). */
  progress(): void {
    const live = this.live();
    const ready = live.filter(
      (p) => !this.signalled.has(p) && !live.some((other) => this.deps.dependencies.get(other.name)?.includes(p.name)),
    );
    if (ready.length === 0) return;
    const all = this.signalled.size === 0 && ready.length === live.length;
    const bySignal = new Map<NodeJS.Signals, ManagedProcess[]>();
    for (const p of ready) {
      const { signal } = this.deps.stopRule(p);
      bySignal.set(signal, [...(bySignal.get(signal) ?? []), p]);
    }
    for (const [signal, group] of bySignal) {
      this.deps.step({ phase: 'term', names: group.map((p) => p.name), signal, all: all && bySignal.size === 1 });
      for (const process of group) {
        this.signalled.add(process);
        process.signal(signal);
      }
    }
  }

  /** A second signal: kill at once, and again at every further one (something may have escaped since). */
  killNow(): void {
    this.kill(() => true, this.killedOnTime);
  }

  /** SIGKILL the trees, then the groups, of the live processes chosen (and the escaped ones), noting them in `killed`. */
  private kill(which: (process: ManagedProcess) => boolean, noted: Set<ManagedProcess>): void {
    const live = this.live().filter(which);
    if (live.length === 0 && this.killed) return;
    this.killed = true;
    const escaped = this.deps.control.signalEscaped?.(this.groups(), 'SIGKILL') ?? 0;
    if (escaped > 0) this.deps.step({ phase: 'escaped', signal: 'SIGKILL', count: escaped });
    for (const process of live) noted.add(process);
    if (live.length === 0) return;
    this.deps.step({ phase: 'kill', names: live.map((p) => p.name) });
    for (const process of live) void process.kill().then(() => this.deps.settle(process));
    this.deps.after(this.deps.graceMs, () => this.abandon());
  }

  /**
   * After SIGKILL, a pipe still open once its group is gone is held by a
   * process that escaped the group: stop reading it. Looks again every grace
   * period while anything is left (or while output is paused).
   */
  private abandon(): void {
    if (!this.deps.paused()) {
      for (const process of this.live()) {
        if (!process.heldByEscaped) continue;
        this.deps.step({ phase: 'abandon', name: process.name });
        process.detach();
      }
    }
    if (this.live().length > 0) this.deps.after(this.deps.graceMs, () => this.abandon());
  }

  /** Once every process is gone: whether processes that left their group are still alive (killed again once killing). */
  escapedAlive(): boolean {
    const { control } = this.deps;
    if (!control.escapedAlive?.(this.groups())) return false;
    if (this.killed) control.signalEscaped?.(this.groups(), 'SIGKILL');
    return true;
  }

  private live(): ManagedProcess[] {
    return this.deps.processes.filter((p) => !p.gone);
  }

  private groups(): number[] {
    return this.deps.processes.flatMap((p) => (p.pid ? [p.pid] : []));
  }
}
