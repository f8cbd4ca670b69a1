import type { ProcStat } from './linux.js';
import * as linux from './linux.js';

export type { ProcStat } from './linux.js';

/** What procman asks of the process table beyond kill(2). */
export interface Platform {
  /** process groups with a live (not zombie) member; undefined when it cannot tell */
  liveGroups(): Set<number> | undefined;
  /** live processes whose environment holds `entry` (`NAME=value`) exactly */
  taggedProcesses(entry: string): ProcStat[];
}

/** Elsewhere (macOS, the BSDs) there is no /proc: kill(2) alone decides, and no process is found by its tag. */
const other: Platform = {
  liveGroups: () => undefined,
  taggedProcesses: () => [],
};

export const platform: Platform =
  process.platform === 'linux' ? { liveGroups: () => linux.liveGroups(), taggedProcesses: (entry) => linux.taggedProcesses(entry) } : other;
