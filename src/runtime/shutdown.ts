import type { ShutdownStep } from './events.js';
import type { ManagedProcess } from './process.js';
import type { ProcessControl } from './seams.js';

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
  timeoutMs: number;
  graceMs: number;
}

/**
 * The phases of a shutdown: SIGTERM to every group (and to what left its
 * group); after the timeout, or at once on a second signal, SIGKILL to the
 * trees and groups; then, every grace period, stop reading pipes that
 * processes outside the groups hold; finally, `sweep` keeps killing escaped
 * processes until none is left.
 */
export class Shutdown {
  private killed = false;

  constructor(private readonly deps: ShutdownDeps) {}

  /** SIGTERM everything still alive; arms the kill timer. */
  terminate(): void {
    const { control, timeoutMs } = this.deps;
    const live = this.live();
    const escaped = control.signalEscaped?.(this.groups(), 'SIGTERM') ?? 0;
    if (live.length === 0 && escaped === 0) return;
    if (live.length > 0) this.deps.step({ phase: 'term', names: live.map((p) => p.name) });
    for (const process of live) process.signal('SIGTERM');
    if (escaped > 0) this.deps.step({ phase: 'escaped', signal: 'SIGTERM', count: escaped });
    this.deps.after(timeoutMs, () => this.kill());
    if (live.length === 0) this.deps.poll();
  }

  /** A second signal: kill at once, and again at every further one (something may have escaped since). */
  killNow(): void {
    this.killed = false;
    this.kill();
  }

  /** SIGKILL the trees, then the groups, of everything still alive. */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    const escaped = this.deps.control.signalEscaped?.(this.groups(), 'SIGKILL') ?? 0;
    if (escaped > 0) this.deps.step({ phase: 'escaped', signal: 'SIGKILL', count: escaped });
    const live = this.live();
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
