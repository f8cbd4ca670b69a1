import type { ManagedProcess } from './process.js';
import type { StopRule } from './shutdown.js';
import type { Timers } from './timers.js';

export interface RestartDeps {
  timers: Timers;
  stopRule(process: ManagedProcess): StopRule;
  start(process: ManagedProcess): void;
  /** a kill may have left it gone */
  settle(process: ManagedProcess): void;
  /** a shutdown is under way: nothing starts again */
  stopping(): boolean;
}

/**
 * Starting one process again, whether asked for (`restart web.1`) or decided
 * by a policy after a crash. Each timer checks the process's generation, so
 * a timer of an earlier run never touches a later one.
 */
export class Restarts {
  constructor(private readonly deps: RestartDeps) {}

  /** Asked for: stop it alone (its stop signal, SIGKILL after its timeout) and start it again once gone. */
  request(process: ManagedProcess): void {
    if (this.deps.stopping() || process.intent) return;
    if (process.gone) {
      this.deps.start(process);
      return;
    }
    process.intent = { kind: 'restart', delayMs: 0 };
    const { signal, timeoutMs } = this.deps.stopRule(process);
    process.signal(signal, 'restarting');
    const generation = process.generation;
    this.deps.timers.after(timeoutMs, () => {
      if (process.generation === generation && !process.gone) void process.kill().then(() => this.deps.settle(process));
    });
  }

  /** It is gone: if a restart waits for that, start it now or after its backoff. */
  gone(process: ManagedProcess): void {
    const { intent } = process;
    if (!intent || this.deps.stopping() || process.state === 'restarting') return;
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
