import { describe, expect, it } from 'vitest';
import { parseListeners, parseStat } from '../../../src/os/platform/linux.js';

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
