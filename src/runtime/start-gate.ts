import type { LineEvent, RuntimeEvent, StateEvent } from './events.js';
import type { ManagedProcess } from './process.js';
import { describeRule, lineMatches, type ReadyRule } from './readiness.js';
import type { PortProbe } from './seams.js';
import type { Timers } from './timers.js';

/** Start order and readiness: who waits for whom, and when a process counts as ready. */
export interface StartPlan {
  /** the processes each process starts after */
  dependencies: ReadonlyMap<string, readonly string[]>;
  /** readiness rules: of every process someone waits for, and of those given --ready */
  rules: ReadonlyMap<string, ReadyRule>;
}

export interface GateDeps {
  processes: readonly ManagedProcess[];
  plan: StartPlan;
  /** needed by port rules */
  probe?: PortProbe;
  timers: Timers;
  now: () => number;
  emit(event: RuntimeEvent): void;
  start(process: ManagedProcess): void;
  /** a shutdown is under way: nothing more starts */
  stopping(): boolean;
  probeEveryMs?: number;
  remindEveryMs?: number;
}

/**
 * Starts each process once the processes it starts after are ready, and
 * tells when a process becomes ready: at its start, when it listens on its
 * port, when a line of its output matches, or (release) when it exits 0.
 * While a process waits, it says for what, every few seconds.
 */
export class StartGate {
  private readonly ready = new Set<string>();
  private probing = false;

  constructor(private readonly deps: GateDeps) {}

  /** The run begins: start what may start; the rest wait. */
  begin(): void {
    for (const process of this.deps.processes) {
      if (this.deps.stopping()) return;
      if (this.waitsFor(process).length === 0) this.deps.start(process);
      else process.awaitDependencies();
    }
    this.remind();
  }

  /** Every event the runtime emits passes here. */
  observe(event: RuntimeEvent): void {
    if (event.kind === 'line') {
      this.line(event);
      return;
    }
    if (event.kind !== 'state') return;
    const process = this.deps.processes.find((p) => p.name === event.name);
    const rule = this.deps.plan.rules.get(event.name);
    if (!process || !rule) return;
    if (event.to === 'running' && rule.kind === 'started') this.markReady(process, {});
    if (event.to === 'running' && rule.kind === 'port') this.probeSoon();
    if (event.to === 'exited' && rule.kind === 'completed' && isSuccess(event)) this.markReady(process, {});
  }

  private line(event: LineEvent): void {
    const rule = this.deps.plan.rules.get(event.name);
    if (rule?.kind !== 'line') return;
    const process = this.deps.processes.find((p) => p.name === event.name);
    if (process?.state === 'running' && lineMatches(rule.pattern, event.bytes)) this.markReady(process, { pattern: String(rule.pattern) });
  }

  private markReady(process: ManagedProcess, detail: { port?: number; pattern?: string }): void {
    const startedAt = process.status().startedAt ?? this.deps.now();
    const announce = detail.port !== undefined || detail.pattern !== undefined;
    if (announce) process.markReady({ afterMs: this.deps.now() - startedAt, ...detail });
    this.ready.add(process.name);
    for (const waiting of this.deps.processes) {
      if (this.deps.stopping()) return;
      if (waiting.state === 'waiting' && this.waitsFor(waiting).length === 0) this.deps.start(waiting);
    }
  }

  private waitsFor(process: ManagedProcess): string[] {
    return (this.deps.plan.dependencies.get(process.name) ?? []).filter((name) => !this.ready.has(name));
  }

  /**
   * Probes the ports of running processes with a port rule, until each one
   * listens: every 100 ms while one of them started less than 5 s ago, then
   * every 500 ms (a slow starter need not be seen at once).
   */
  private probeSoon(): void {
    if (this.probing) return;
    this.probing = true;
    const fast = this.portTargets().some(({ process }) => process.uptime() < 5000);
    const everyMs = this.deps.probeEveryMs ?? 100;
    this.deps.timers.after(fast ? everyMs : everyMs * 5, () => void this.probe());
  }

  private async probe(): Promise<void> {
    const targets = this.portTargets();
    const { probe } = this.deps;
    const listening =
      targets.length === 0 || !probe ? new Set<number>() : await probe.listening(targets.map(({ port, pgid }) => ({ port, pgid })));
    this.probing = false;
    for (const { process, port } of targets) if (listening.has(port) && process.state === 'running') this.markReady(process, { port });
    if (this.portTargets().length > 0 && !this.deps.stopping()) this.probeSoon();
  }

  private portTargets(): Array<{ process: ManagedProcess; port: number; pgid: number }> {
    return this.deps.processes.flatMap((process) => {
      const rule = this.deps.plan.rules.get(process.name);
      if (rule?.kind !== 'port' || process.state !== 'running' || !process.pid) return [];
      return [{ process, port: rule.port ?? process.spec.port, pgid: process.pid }];
    });
  }

  /** Every few seconds, each waiting process says what it waits for. */
  private remind(): void {
    const everyMs = this.deps.remindEveryMs ?? 5000;
    if (!this.deps.processes.some((p) => p.state === 'waiting')) return;
    this.deps.timers.after(everyMs, () => {
      if (this.deps.stopping()) return;
      for (const process of this.deps.processes) {
        if (process.state !== 'waiting') continue;
        const waiting = this.waitsFor(process).map((name) => ({ name, rule: this.describe(name) }));
        this.deps.emit({ kind: 'waiting', name: process.name, for: waiting, at: this.deps.now() });
      }
      this.remind();
    });
  }

  private describe(name: string): string {
    const rule = this.deps.plan.rules.get(name);
    const process = this.deps.processes.find((p) => p.name === name);
    const what = rule && process ? describeRule(rule, process.spec.port) : 'its start';
    return process?.state === 'waiting' ? `${what}; it waits too` : what;
  }
}

function isSuccess(event: StateEvent): boolean {
  return event.status?.code === 0 && !event.status.signal && !event.status.error;
}
