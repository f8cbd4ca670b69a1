import { readdirSync, readFileSync } from 'node:fs';

/**
 * The Linux process table, read from /proc. Used where kill(2) alone cannot
 * tell: zombies (which kill(-pgid, 0) still finds) and processes that left
 * their group.
 */

export interface ProcStat {
  pid: number;
  state: string;
  pgrp: number;
}

/** State and process group from /proc/<pid>/stat (the name may hold spaces and parentheses). */
export function parseStat(text: string): { state: string; pgrp: number } | undefined {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, , pgrp] = fields;
  return state === undefined || pgrp === undefined ? undefined : { state, pgrp: Number(pgrp) };
}

const dead = (state: string) => state === 'Z' || state === 'X';

function pids(proc: string): string[] {
  try {
    return readdirSync(proc).filter((entry) => entry.charCodeAt(0) <= 57);
  } catch {
    return [];
  }
}

function readStat(proc: string, pid: string): { state: string; pgrp: number } | undefined {
  try {
    return parseStat(readFileSync(`${proc}/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

/**
 * The process groups that have a live (not zombie) member, from one scan of
 * /proc. Where PID 1 does not reap orphans (containers without an init), dead
 * grandchildren stay zombies in their group forever, and `kill(-pgid, 0)`
 * still succeeds: this tells such a group from a live one.
 */
export function liveGroups(proc = '/proc'): Set<number> | undefined {
  const all = pids(proc);
  if (all.length === 0) return undefined;
  const groups = new Set<number>();
  for (const pid of all) {
    const stat = readStat(proc, pid);
    if (stat && !dead(stat.state)) groups.add(stat.pgrp);
  }
  return groups;
}

/** Live processes whose environment holds `entry` (`NAME=value`) exactly. */
export function taggedProcesses(entry: string, proc = '/proc'): ProcStat[] {
  const found: ProcStat[] = [];
  for (const pid of pids(proc)) {
    let environ: string;
    try {
      environ = readFileSync(`${proc}/${pid}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (!environ.startsWith(`${entry}\0`) && !environ.includes(`\0${entry}\0`)) continue;
    const stat = readStat(proc, pid);
    if (stat && !dead(stat.state)) found.push({ pid: Number(pid), ...stat });
  }
  return found;
}
