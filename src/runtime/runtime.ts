import type { ProcessSpec } from '../project/ports.js';
import type { ExitStatus, RestartReason, RuntimeEvent, ShutdownStep, StopSignal } from './events.js';
import { OutputFlow } from './flow.js';
import { DEFAULT_LINE_CAP } from './lines.js';
import { type Decision, ExitCodeRule, foremanPolicies, type PolicyInput } from './policies/index.js';
import { ManagedProcess, type ProcessStatus } from './process.js';
import { ProcessRequests } from './requests.js';
import type { RuntimeOptions } from './runtime-options.js';
import { Shutdown, type StopRule } from './shutdown.js';
import { StartGate } from './start-gate.js';
import { Poller, Timers } from './timers.js';

export type { RuntimeOptions } from './runtime-options.js';

/** Everything that reaches the runtime from outside; `handle` is the one place each is dealt with. */
type Input =
  | { kind: 'exit'; process: ManagedProcess; status: ExitStatus }
  | { kind: 'output-end'; process: ManagedProcess }
  | { kind: 'signal'; signal: StopSignal }
  | { kind: 'stop'; cause: 'output-closed' | 'stop' }
  | { kind: 'restart'; name: string; reason?: RestartReason }
  | { kind: 'stop-one'; name: string }
  | { kind: 'poll' };

/**
 * Runs a formation: starts every process, feeds what happens (exits, ends of
 * output, signals, requests) through the policies, and carries out their
 * decisions. Resolves with procman's exit code once every process is gone
 * and nothing that left its group lives on.
 */
export class Runtime {
  private readonly processes: ManagedProcess[];
  private readonly timers = new Timers();
  private readonly poller: Poller;
  private readonly exitCode = new ExitCodeRule();
  private shutdown: Shutdown | undefined;
  private readonly gate: StartGate;
  private readonly requests: ProcessRequests;
  private readonly flow: OutputFlow;
  private finish: ((code: number) => void) | undefined;
  private finished = false;

  constructor(
    specs: ProcessSpec[],
    private readonly options: RuntimeOptions,
  ) {
    this.poller = new Poller(this.timers, options.pollMs ?? 20, () => this.handle({ kind: 'poll' }));
    const { spawn, control, cwd, lineCap = DEFAULT_LINE_CAP, now = Date.now } = options;
    const deps = {
      spawn,
      control,
      cwd,
      lineCap,
      now,
      emit: (event: RuntimeEvent) => this.emit(event),
      exited: (process: ManagedProcess, status: ExitStatus) => this.handle({ kind: 'exit', process, status }),
      ended: (process: ManagedProcess) => this.handle({ kind: 'output-end', process }),
    };
    this.processes = specs.map((spec) => new ManagedProcess(spec, deps));
    this.flow = new OutputFlow(options.output, this.processes);
    this.requests = new ProcessRequests({
      processes: this.processes,
      timers: this.timers,
      stopRule: (process) => this.stopRule(process),
      start: (process) => process.start({ paused: this.flow.paused }),
      settle: (process) => this.settle(process),
      stopping: () => this.shutdown !== undefined,
    });
    this.gate = new StartGate({
      processes: this.processes,
      plan: options.plan ?? { dependencies: new Map(), rules: new Map() },
      probe: options.probe,
      timers: this.timers,
      now,
      emit: (event) => this.emit(event),
      start: (process) => process.start({ paused: this.flow.paused }),
      stopping: () => this.shutdown !== undefined,
    });
  }

  /** Starts every process (the rest are skipped once one fails to start); resolves with the exit code. */
  run(): Promise<number> {
    const finished = new Promise<number>((resolve) => {
      this.finish = resolve;
    });
    const unsubscribe = this.options.signals((signal) => this.handle({ kind: 'signal', signal }));
    this.gate.begin();
    this.finishIfDone();
    return finished.finally(() => {
      unsubscribe();
      this.timers.clear();
    });
  }

  /** Stops everything, as a user's Ctrl-C would (exit code 0). */
  stop(cause: 'output-closed' | 'stop' = 'stop'): void {
    this.handle({ kind: 'stop', cause });
  }

  /**
   * Stops the named process (`web.1`) or type (`web`) and starts it again;
   * the others run on. One already gone (exited, stopped, or waiting for a
   * restart's backoff) starts at once. With a reason, a restart event says
   * why first.
   */
  restart(name: string, reason?: RestartReason): void {
    this.handle({ kind: 'restart', name, ...(reason && { reason }) });
  }

  /** Stops the named process or type alone; the others run on, and so does the run. */
  stopOne(name: string): void {
    this.handle({ kind: 'stop-one', name });
  }

  status(): ProcessStatus[] {
    return this.processes.map((p) => p.status());
  }

  private handle(input: Input): void {
    switch (input.kind) {
      case 'exit': {
        const { process, status } = input;
        const { name, type } = process.spec;
        const intended = process.intent !== undefined;
        const decisions = this.decide({ kind: 'exit', name, type, status, intended, uptimeMs: process.uptime() });
        if (!intended) this.requests.decided(process, decisions); // known before the exit line, which says what happens next
        this.settle(process, { quiet: true }); // the exit line (when its output is complete) before the shutdown it causes
        this.apply(decisions);
        break;
      }
      case 'output-end':
        this.settle(input.process);
        break;
      case 'signal':
        this.apply(this.decide({ kind: 'signal', signal: input.signal }));
        break;
      case 'stop':
        this.apply(this.decide({ kind: input.cause }));
        break;
      case 'restart':
      case 'stop-one':
        // not before the run, nor once it ended or is ending
        if (!this.finish || this.finished || this.shutdown) break;
        if (input.kind === 'stop-one') this.requests.stopNamed(input.name);
        else {
          const { reason } = input;
          const at = (this.options.now ?? Date.now)();
          // the reason first, then the state changes it causes
          this.requests.restartNamed(input.name, (process) => reason && this.emit({ kind: 'restart', name: process.name, reason, at }));
        }
        break;
      case 'poll':
        for (const process of this.processes) this.settle(process, { quiet: true });
        this.finishIfDone();
        break;
    }
  }

  private decide(input: PolicyInput): Decision[] {
    const context = { stopping: this.shutdown !== undefined };
    this.exitCode.observe(input, context);
    return (this.options.policies ?? foremanPolicies).flatMap((policy) => policy.decide(input, context));
  }

  private apply(decisions: Decision[]): void {
    for (const decision of decisions) {
      if (decision.kind === 'kill-now') {
        this.step({ phase: 'kill-now', signal: decision.signal });
        this.shutdown?.killNow();
      } else if (decision.kind === 'shutdown' && !this.shutdown) {
        const { cause, signal, name } = decision;
        this.step({ phase: 'begin', cause, ...(signal && { signal }), ...(name && { name }) });
        this.exitCode.began(cause);
        this.shutdown = this.newShutdown();
        this.shutdown.terminate();
      }
    }
    this.finishIfDone();
  }

  /** Looks whether a process is gone; starts it again if a restart waits for that. */
  private settle(process: ManagedProcess, { quiet = false } = {}): void {
    if (!process.settle()) {
      if (process.leaderExited) this.poller.request();
      return;
    }
    this.shutdown?.progress(); // what started before it may stop now
    this.requests.gone(process);
    if (!quiet) this.finishIfDone();
  }

  /** Done when every process is gone (none waiting to restart) and nothing that left its group lives on. */
  private finishIfDone(): void {
    if (!this.finish || !this.processes.every((p) => p.gone && (this.shutdown || !p.intent))) return;
    if (this.shutdown?.escapedAlive()) {
      this.poller.request();
      return;
    }
    this.timers.clear();
    this.finished = true;
    this.finish(this.exitCode.code());
  }

  private newShutdown(): Shutdown {
    return new Shutdown({
      processes: this.processes,
      control: this.options.control,
      step: (step) => this.step(step),
      after: (ms, fn) => this.timers.after(ms, fn),
      poll: () => this.poller.request(),
      settle: (process) => this.settle(process),
      paused: () => this.flow.paused,
      stopRule: (process) => this.stopRule(process),
      dependencies: this.options.plan?.dependencies ?? new Map(),
      graceMs: this.options.graceMs ?? 2000,
    });
  }

  private stopRule(process: ManagedProcess): StopRule {
    return this.options.stopRule?.(process.spec) ?? { signal: 'SIGTERM', timeoutMs: this.options.timeoutMs };
  }

  private step(step: ShutdownStep): void {
    this.emit({ kind: 'shutdown', at: (this.options.now ?? Date.now)(), ...step });
  }

  private emit(event: RuntimeEvent): void {
    this.flow.write(event);
    this.gate.observe(event);
  }
}
