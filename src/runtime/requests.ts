import type { Decision } from './policies/index.js';
import type { ManagedProcess } from './process.js';
import type { StopRule } from './shutdown.js';
import type { Timers } from './timers.js';

export interface RequestDeps {
  processes: readonly ManagedProcess[];
  timers: Timers;
  stopRule(process: ManagedProcess): StopRule;
  start(process: ManagedProcess): void;
  /** a kill may have left it gone */
  settle(process: ManagedProcess): void;
  /** a shutdown is under way: nothing starts again */
  stopping(): boolean;
}

/**
 * What is asked of one process alone: stop it, or start it again (asked
 * for, `restart web.1`, or decided by a policy after a crash). Each timer
 * checks the process's generation, so a timer of an earlier run never
 * touches a later one.
 */
export class ProcessRequests {
  constructor(private readonly deps: RequestDeps) {}

  /** `restart web` (every instance) or `restart web.1`; `announce` says why, before anything happens to each. */
  restartNamed(name: string, announce: (process: ManagedProcess) => void): void {
    for (const process of this.named(name)) this.restart(process, { announce: () => announce(process) });
  }

  stopNamed(name: string): void {
    for (const process of this.named(name)) this.stop(process);
  }

  private named(name: string): ManagedProcess[] {
    return this.deps.processes.filter((p) => p.name === name || p.spec.type === name);
  }

  /** Stop it alone (its stop signal, SIGKILL after its timeout) and start it again once gone; a stopped one starts at once. */
  restart(process: ManagedProcess, { announce = () => {} }: { announce?: () => void } = {}): void {
    if (this.deps.stopping()) return;
    if (!process.gone && process.intent?.kind === 'restart') return; // one already under way is left to it
    announce();
    if (process.gone) {
      // exited and held, stopped, or waiting out a backoff (whose timer then finds a newer generation)
      this.deps.start(process);
      return;
    }
    this.stopAlone(process, { kind: 'restart', delayMs: 0 });
  }

  /** Stop it alone; it stays stopped (and the run goes on) until restarted. */
  stop(process: ManagedProcess): void {
    if (this.deps.stopping() || process.intent || process.gone) return;
    this.stopAlone(process, { kind: 'stop', delayMs: 0 });
  }

  private stopAlone(process: ManagedProcess, intent: NonNullable<ManagedProcess['intent']>): void {
    process.intent = intent;
    const { signal, timeoutMs } = this.deps.stopRule(process);
    process.signal(signal, intent.kind === 'restart' ? 'restarting' : 'stopping');
    const generation = process.generation;
    this.deps.timers.after(timeoutMs, () => {
      if (process.generation === generation && !process.gone) void process.kill().then(() => this.deps.settle(process));
    });
  }

  /** A policy decided about its exit (one nobody asked for): a restart after a backoff, or a wait for a change. */
  decided(process: ManagedProcess, decisions: readonly Decision[]): void {
    for (const decision of decisions) {
      if (decision.kind === 'restart') process.intent = { kind: 'restart', delayMs: decision.delayMs, attempt: decision.attempt };
      if (decision.kind === 'hold' && !process.intent) process.intent = { kind: 'hold', delayMs: 0 };
    }
  }

  /** It is gone: stopped as asked, or started again now or after its backoff. */
  gone(process: ManagedProcess): void {
    const { intent } = process;
    if (!intent || this.deps.stopping()) return;
    if (intent.kind === 'stop') {
      process.markStopped();
      return;
    }
    if (intent.kind === 'hold') return; // it waits, gone, for a restart from outside
    if (process.state === 'restarting') return;
    if (intent.delayMs === 0) {
      this.deps.start(process);
      return;
    }
    process.awaitRestart();
    const generation = process.generation;
    this.deps.timers.after(intent.delayMs, () => {
      if (!this.deps.stopping() && process.generation === generation) this.deps.start(process);
    });
  }
}
