// The port probe against real sockets of this test process.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { portProbe } from '../../../src/os/probe.js';

const ownGroup = () => {
  const stat = readFileSync('/proc/self/stat', 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(host?: string): Promise<number> {
  server = createServer();
  await new Promise<void>((resolve) => server?.listen(0, host, resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(process.platform !== 'linux')('portProbe (Linux: /proc/net/tcp{,6})', () => {
  it('a port this group listens on is ready; another group listening on it does not count', async () => {
    const port = await listen('127.0.0.1');
    await expect(portProbe.listening([{ port, pgid: ownGroup() }])).resolves.toEqual(new Set([port]));
    await expect(portProbe.listening([{ port, pgid: 1 }])).resolves.toEqual(new Set());
  });

  it('IPv6 (or dual-stack) listeners are found too', async () => {
    const port = await listen('::');
    await expect(portProbe.listening([{ port, pgid: ownGroup() }])).resolves.toEqual(new Set([port]));
  });

  it('a port nobody listens on is not ready, and not in use', async () => {
    const port = await listen('127.0.0.1');
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    await expect(portProbe.listening([{ port, pgid: ownGroup() }])).resolves.toEqual(new Set());
    await expect(portProbe.inUse([port])).resolves.toEqual(new Map());
  });

  it('inUse names the holder: its pid and command line', async () => {
    const port = await listen('127.0.0.1');
    const found = await portProbe.inUse([port]);
    expect(found.get(port)?.pid).toBe(process.pid);
    expect(found.get(port)?.command).toContain('node');
  });
});
