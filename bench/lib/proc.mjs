// What the benchmark reads from /proc (Linux only): one process's own CPU and
// peak RSS, process trees, and whether a pid is still a live process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** A live process (not gone, not a zombie: PID 1 here may never reap orphans). */
export function alive(pid) {
  const fields = statFields(pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[0] !== 'X';
}

/**
 * CPU seconds (user + system, all threads, not counting children), peak RSS
 * in bytes (VmHWM) and the anonymous part of the RSS now (RssAnon: the
 * process's own memory, without the pages of its program and libraries) of
 * one process, or undefined once it is gone.
 */
export function usage(pid) {
  const fields = statFields(pid);
  if (!fields || fields[0] === 'Z') return undefined;
  // after ')': state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12)
  const cpu = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  let hwm = 0;
  let anon = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (match) hwm = Number(match[1]) * 1024;
    const anonymous = /RssAnon:\s+(\d+) kB/.exec(status);
    if (anonymous) anon = Number(anonymous[1]) * 1024;
  } catch {
    return undefined;
  }
  return { cpu, rss: hwm, anon };
}

/** Every live descendant of `root` (children, grandchildren, ...), by the ppid links in /proc. */
export function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue;
    const fields = statFields(entry);
    if (!fields || fields[0] === 'Z') continue;
    const ppid = Number(fields[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** SIGKILL each pid that is still alive; returns how many there were. */
export function killAll(pids) {
  let killed = 0;
  for (const pid of pids) {
    if (!alive(pid)) continue;
    killed++;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}
