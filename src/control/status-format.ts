import { describeExit } from '../output/wording.js';
import type { ProcessStatus } from '../runtime/process.js';

/** A process as `procman status --json` gives it: the API's status, with its uptime. */
export type StatusRow = ProcessStatus & { uptimeMs: number | null };

const ALIVE = new Set(['starting', 'running', 'ready', 'stopping', 'restarting']);

/** Its uptime when it runs (null when it does not), measured against the running procman's clock. */
export function withUptime(processes: readonly ProcessStatus[], now: number): StatusRow[] {
  return processes.map((p) => {
    const alive = ALIVE.has(p.state) && p.startedAt !== undefined && !(p.exit && p.state === 'restarting');
    return { ...p, uptimeMs: alive ? Math.max(0, now - (p.startedAt as number)) : null };
  });
}

/** `exited with code 1`, `terminated by SIGKILL`, or the state as it is. */
export function describeState(row: Pick<StatusRow, 'state' | 'exit'>): string {
  if (row.state === 'exited' && row.exit) return describeExit(row.exit);
  return row.state;
}

/** `45s`, `2m05s`, `3h04m`, `2d03h`. */
export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${two(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d${two(Math.floor(s / 3600) % 24)}h`;
}

/** The table `procman status` prints: a header, then one line per process. */
export function formatStatus(rows: readonly StatusRow[]): string {
  const table = [
    ['NAME', 'STATE', 'PID', 'PORT', 'UPTIME', 'RESTARTS'],
    ...rows.map((r) => [
      r.name,
      describeState(r),
      r.uptimeMs === null || r.pid === undefined ? '-' : String(r.pid),
      String(r.port),
      r.uptimeMs === null ? '-' : formatUptime(r.uptimeMs),
      String(r.restarts),
    ]),
  ];
  const widths = table[0]?.map((_, column) => Math.max(...table.map((row) => (row[column] as string).length))) ?? [];
  return table
    .map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  ')}\n`)
    .join('');
}
