import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseListeners, parseStat, taggedProcesses } from '../../../../src/os/platform/linux.js';
import { project, removeTemps } from '../../../helpers/temp.js';

afterAll(removeTemps);

/** A fake /proc: each pid with its environ (entries joined by NUL, as the kernel writes them) and stat state. */
function fakeProc(entries: Record<number, { env?: string[]; state?: string }>): string {
  const proc = project();
  for (const [pid, { env, state = 'S' }] of Object.entries(entries)) {
    mkdirSync(join(proc, pid));
    writeFileSync(join(proc, pid, 'stat'), `${pid} (sh (odd) name) ${state} 1 ${pid} ${pid} 0 -1\n`);
    if (env) writeFileSync(join(proc, pid, 'environ'), env.map((e) => `${e}\0`).join(''));
  }
  mkdirSync(join(proc, 'self'));
  return proc;
}

describe('taggedProcesses', () => {
  it('finds the tag as the first, a middle or the last entry, and only the exact entry', () => {
    const tag = 'PROCMAN_ID=run-1';
    const proc = fakeProc({
      10: { env: [tag, 'HOME=/root'] },
      11: { env: ['HOME=/root', tag, 'PATH=/bin'] },
      12: { env: ['HOME=/root', tag] },
      13: { env: ['HOME=/root', 'PROCMAN_ID=run-10'] },
      14: { env: ['XPROCMAN_ID=run-1', 'A=PROCMAN_ID=run-1x'] },
      15: {}, // no environ (gone, or not ours to read)
      16: { env: [tag], state: 'Z' },
    });
    expect(
      taggedProcesses(tag, proc)
        .map((p) => p.pid)
        .sort(),
    ).toEqual([10, 11, 12]);
    expect(taggedProcesses(tag, proc)[0]).toEqual(expect.objectContaining({ state: 'S' }));
  });

  it('reads an environment larger than its buffer to the end', () => {
    const tag = 'PROCMAN_ID=run-2';
    const big = Array.from({ length: 3000 }, (_, i) => `VAR_${i}=${'x'.repeat(20)}`);
    const proc = fakeProc({ 20: { env: [...big, tag] }, 21: { env: big } });
    expect(taggedProcesses(tag, proc).map((p) => p.pid)).toEqual([20]);
  });
});

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1389 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 41240 1 0000000000000000 20 4 30 10 -1
   2: 00000000:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 100 0 0 10 0
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 51000 1 0000000000000000 100 0 0 10 0
`;

describe('parseListeners', () => {
  it('keeps listening sockets (state 0A) with their port and inode, from tcp and tcp6 alike', () => {
    expect(parseListeners(TCP)).toEqual([{ port: 5000, inode: 41234 }]);
    expect(parseListeners(TCP6)).toEqual([{ port: 6379, inode: 51000 }]);
  });

  it('an empty or header-only table has none', () => {
    expect(parseListeners('')).toEqual([]);
    expect(parseListeners(TCP.split('\n')[0] ?? '')).toEqual([]);
  });
});

describe('parseStat', () => {
  it('reads state and process group after the command name, which may hold spaces and parentheses', () => {
    expect(parseStat('42 (my (odd) name) S 1 42 42 0 -1')).toEqual({ state: 'S', pgrp: 42 });
  });
});
