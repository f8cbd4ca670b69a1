import type { ProcessSpec } from '../project/ports.js';
import type { Policy } from './policies/index.js';
import type { EventConsumer, PortProbe, ProcessControl, SignalSource, Spawn } from './seams.js';
import type { StopRule } from './shutdown.js';
import type { StartPlan } from './start-gate.js';

/** What a Runtime is made of: its seams, its policies, and its timings. */
export interface RuntimeOptions {
  spawn: Spawn;
  control: ProcessControl;
  signals: SignalSource;
  output: EventConsumer;
  cwd: string;
  /** between SIGTERM and SIGKILL */
  timeoutMs: number;
  policies?: readonly Policy[];
  lineCap?: number;
  /** the longest wait between looks at a group whose leader exited but whose members live on */
  pollMs?: number;
  /** after SIGKILL, how long a pipe may stay open (held by an escaped process) before we stop reading it */
  graceMs?: number;
  now?: () => number;
  /** start order and readiness (--after, --ready, the release phase); none: everything starts at once */
  plan?: StartPlan;
  /** needed by port rules */
  probe?: PortProbe;
  /** how a process is stopped (default: SIGTERM, then SIGKILL after timeoutMs) */
  stopRule?: (spec: ProcessSpec) => StopRule;
}
