import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';

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
  const length = readProcFile(`${proc}/${pid}/stat`, 0);
  return length < 0 ? undefined : parseStat(scratch.toString('latin1', 0, length));
}

/**
 * One buffer for every read of a /proc file (grown for a larger one): a scan
 * reads a file or two of every process of the machine, and readFileSync,
 * which cannot know the size of a /proc file, takes a 64 KiB buffer for
 * each (4 MB of RSS for a scan of 66 processes).
 */
let scratch = Buffer.allocUnsafe(16 * 1024);

/** Reads the whole file into `scratch` from `at` on; returns where it ends, or -1 when it cannot be read. */
function readProcFile(path: string, at: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return -1;
  }
  try {
    let length = at;
    for (;;) {
      if (length === scratch.length) {
        const grown = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(grown, 0, 0, length);
        scratch = grown;
      }
      const read = readSync(fd, scratch, length, scratch.length - length, null);
      if (read === 0) return length;
      length += read;
    }
  } catch {
    return -1;
  } finally {
    closeSync(fd);
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
  const needle = Buffer.from(`\0${entry}\0`, 'latin1');
  for (const pid of pids(proc)) {
    if (!environHolds(`${proc}/${pid}/environ`, needle)) continue;
    const stat = readStat(proc, pid);
    if (stat && !dead(stat.state)) found.push({ pid: Number(pid), ...stat });
  }
  return found;
}

/** Whether the environ file holds `needle` (`\0NAME=value\0`): a NUL goes before the first entry so that it matches too. */
function environHolds(path: string, needle: Buffer): boolean {
  scratch[0] = 0;
  const length = readProcFile(path, 1);
  return length >= 0 && scratch.subarray(0, length).indexOf(needle) !== -1;
}

/** A listening TCP socket from /proc/net/tcp or tcp6: its local port and inode. */
export interface Listener {
  port: number;
  inode: number;
}

/** The listening sockets (state 0A) of a /proc/net/tcp or tcp6 table. */
export function parseListeners(text: string): Listener[] {
  const found: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[3] !== '0A') continue;
    const port = Number.parseInt(fields[1]?.split(':')[1] ?? '', 16);
    const inode = Number(fields[9]);
    if (port > 0 && inode > 0) found.push({ port, inode });
  }
  return found;
}

/** Every listening TCP socket on this machine (IPv4 and IPv6), by port. */
export function listeners(proc = '/proc'): Map<number, Set<number>> {
  const byPort = new Map<number, Set<number>>();
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${proc}/net/${table}`, 'latin1');
    } catch {
      continue;
    }
    for (const { port, inode } of parseListeners(text)) byPort.set(port, (byPort.get(port) ?? new Set()).add(inode));
  }
  return byPort;
}

/** The socket inodes among a process's open files (what we may read of them). */
export function socketInodes(pid: number, proc = '/proc'): Set<number> {
  const inodes = new Set<number>();
  let fds: string[];
  try {
    fds = readdirSync(`${proc}/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${proc}/${pid}/fd/${fd}`));
      if (match) inodes.add(Number(match[1]));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** The live processes of a process group. */
export function groupMembers(pgid: number, proc = '/proc'): number[] {
  return pids(proc).flatMap((pid) => {
    const stat = readStat(proc, pid);
    return stat && stat.pgrp === pgid && !dead(stat.state) ? [Number(pid)] : [];
  });
}

/** Which process holds one of these sockets, with its command line, when we may see it. */
export function socketHolder(inodes: Set<number>, proc = '/proc'): { pid: number; command: string } | undefined {
  for (const pid of pids(proc)) {
    for (const inode of socketInodes(Number(pid), proc)) {
      if (!inodes.has(inode)) continue;
      let command = '';
      try {
        command = readFileSync(`${proc}/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
      } catch {
        // gone meanwhile
      }
      return { pid: Number(pid), command };
    }
  }
  return undefined;
}

/** The TCP socket counters of /proc/net/sockstat and sockstat6 as one string ('' when unreadable): they move when a socket opens or closes. */
export function socketCounters(proc = '/proc'): string {
  try {
    const v4 = /^TCP: (.*)$/m.exec(readFileSync(`${proc}/net/sockstat`, 'latin1'))?.[1] ?? '';
    const v6 = /^TCP6: (.*)$/m.exec(readFileSync(`${proc}/net/sockstat6`, 'latin1'))?.[1] ?? '';
    return `${v4}|${v6}`;
  } catch {
    return '';
  }
}
