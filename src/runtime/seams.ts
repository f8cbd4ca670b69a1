/**
 * The narrow types through which side effects enter the runtime: spawning,
 * signalling process groups, procman's own signals, and where events go.
 * The real ones live in os/ and output/; tests pass fakes.
 */
import type { ExitStatus, RuntimeEvent, StopSignal, StreamName } from './events.js';

export interface SpawnRequest {
  command: string;
  env: Record<string, string>;
  cwd: string;
  /** the process's name (`web.1`) */
  name?: string;
}

export interface OutputListener {
  data(stream: StreamName, chunk: Buffer): void;
  end(stream: StreamName): void;
}

/** A running child: a shell leading its own process group. */
export interface ChildHandle {
  pid: number | undefined;
  /** the shell (not its descendants) exited, or could not be started */
  exit: Promise<ExitStatus>;
  pause(): void;
  resume(): void;
  /** stop reading its output; used when a process outside the group holds the pipe */
  detach(): void;
}

export type Spawn = (request: SpawnRequest, listener: OutputListener) => ChildHandle;

/** What the runtime may do to process groups. */
export interface ProcessControl {
  /** signal every process in the group led by pid; a group already gone is not an error */
  signalGroup(pid: number, signal: NodeJS.Signals): void;
  /** whether any process of the group is still alive */
  groupAlive(pid: number): boolean;
  /** signal pid and every descendant still attached to it, even outside its group */
  signalTree(pid: number, signal: NodeJS.Signals): Promise<void>;
  /** signal the processes we started that left all of these groups (setsid); how many */
  signalEscaped?(groups: number[], signal: NodeJS.Signals): number;
  /** whether any process we started is alive outside these groups */
  escapedAlive?(groups: number[]): boolean;
}

/** Subscribes to the signals that stop procman; returns the unsubscribe. */
export type SignalSource = (handler: (signal: StopSignal) => void) => () => void;

/** Where events go; `write` returns false when the consumer is behind. */
export interface EventConsumer {
  write(event: RuntimeEvent): boolean;
  /** called once the consumer has caught up; only asked after `write` returned false */
  onDrain?(listener: () => void): void;
}

/** Who holds a port, when we may see it. */
export interface PortHolder {
  pid?: number;
  command?: string;
}

/** Looks at listening TCP ports (readiness, and ports already in use). */
export interface PortProbe {
  /** which of these ports a process of the given group listens on */
  listening(targets: ReadonlyArray<{ port: number; pgid: number }>): Promise<Set<number>>;
  /** which of these ports something already listens on, and who */
  inUse(ports: readonly number[]): Promise<Map<number, PortHolder>>;
}
