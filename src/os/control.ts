import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { requireFrom } from '../require-cjs.js';
import type { ProcessControl } from '../runtime/seams.js';
import { platform } from './platform/index.js';
import { TAG_VARIABLE } from './tag.js';

let psFound: boolean | undefined;

/** Whether `ps` (which tree-kill runs) is on PATH. */
function hasPs(): boolean {
  psFound ??= (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'ps')));
  return psFound;
}

/**
 * Real process control. `tag` is the PROCMAN_ID every child carries in its
 * environment (and its descendants inherit): on Linux it finds processes that
 * left their group with setsid, whatever their parent.
 */
export function createProcessControl({ tag }: { tag?: string } = {}): ProcessControl {
  const escaped = (groups: number[]) => {
    if (!tag) return [];
    const known = new Set(groups);
    return platform.taggedProcesses(`${TAG_VARIABLE}=${tag}`).filter((p) => !known.has(p.pgrp));
  };
  // One scan of the process table serves every group asked about in the same event-loop turn.
  // null: it cannot tell, so every group kill(2) finds counts as alive.
  let live: Set<number> | null | undefined;
  const hasLiveMember = (pgid: number) => {
    if (live === undefined) {
      live = platform.liveGroups() ?? null;
      setImmediate(() => {
        live = undefined;
      });
    }
    return live === null || live.has(pgid);
  };
  return {
    signalGroup(pid, signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        // ESRCH: the group is gone already; EPERM: not ours to kill
      }
    },
    groupAlive(pid) {
      try {
        process.kill(-pid, 0);
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
      return hasLiveMember(pid);
    },
    async signalTree(pid, signal) {
      // tree-kill runs ps without an error handler: where ps is missing (slim images) it would crash us
      if (!hasPs()) return;
      const treeKill = requireFrom<typeof import('tree-kill')>(import.meta.url, 'tree-kill');
      await new Promise<void>((resolve) => treeKill(pid, signal, () => resolve()));
    },
    signalEscaped(groups, signal) {
      const found = escaped(groups);
      for (const { pid } of found) {
        try {
          process.kill(pid, signal);
        } catch {
          // gone meanwhile
        }
      }
      return found.length;
    },
    escapedAlive(groups) {
      return escaped(groups).length > 0;
    },
  };
}
