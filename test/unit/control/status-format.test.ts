import { describe, expect, it } from 'vitest';
import { formatStatus, formatUptime, withUptime } from '../../../src/control/status-format.js';
import type { ProcessStatus } from '../../../src/runtime/process.js';

const base = { type: 'web', port: 5000, restarts: 0, exit: undefined } as const;

describe('status', () => {
  it('formats uptimes', () => {
    expect(formatUptime(999)).toBe('0s');
    expect(formatUptime(45_000)).toBe('45s');
    expect(formatUptime(125_000)).toBe('2m05s');
    expect(formatUptime(3 * 3600_000 + 4 * 60_000)).toBe('3h04m');
    expect(formatUptime(2 * 86_400_000 + 3 * 3600_000)).toBe('2d03h');
  });

  it('prints one aligned line per process: name, state, pid, port, uptime, restarts', () => {
    const processes: ProcessStatus[] = [
      { ...base, name: 'web.1', state: 'running', pid: 4156, startedAt: 1000 },
      {
        ...base,
        name: 'worker.1',
        type: 'worker',
        port: 5100,
        state: 'exited',
        pid: 4158,
        startedAt: 1000,
        restarts: 2,
        exit: { code: 1, signal: null },
      },
      {
        ...base,
        name: 'clock.1',
        type: 'clock',
        port: 5200,
        state: 'stopped',
        pid: 4160,
        startedAt: 1000,
        exit: { code: null, signal: 'SIGTERM' },
      },
      {
        ...base,
        name: 'db.1',
        type: 'db',
        port: 5300,
        state: 'exited',
        pid: 4161,
        startedAt: 1000,
        exit: { code: null, signal: 'SIGKILL' },
      },
    ];
    const rows = withUptime(processes, 126_000);
    expect(rows.map((r) => r.uptimeMs)).toEqual([125_000, null, null, null]);
    expect(formatStatus(rows)).toBe(
      [
        'NAME      STATE                  PID   PORT  UPTIME  RESTARTS',
        'web.1     running                4156  5000  2m05s   0',
        'worker.1  exited with code 1     -     5100  -       2',
        'clock.1   stopped                -     5200  -       0',
        'db.1      terminated by SIGKILL  -     5300  -       0',
        '',
      ].join('\n'),
    );
  });
});
