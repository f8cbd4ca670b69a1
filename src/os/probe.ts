import { connect, createServer } from 'node:net';
import type { PortHolder, PortProbe } from '../runtime/seams.js';
import { groupMembers, listeners, socketHolder, socketInodes } from './platform/linux.js';

/**
 * On Linux, from /proc/net/tcp{,6}: a port is ready when a socket listening
 * on it belongs to a process of the group, so another program holding the
 * same port is not mistaken for ours, and nothing connects to the app. One
 * read of the tables serves every port asked about.
 */
const linuxProbe: PortProbe = {
  async listening(targets) {
    const table = listeners();
    const ready = new Set<number>();
    for (const { port, pgid } of targets) {
      const inodes = table.get(port);
      if (!inodes) continue;
      if (groupMembers(pgid).some((pid) => [...socketInodes(pid)].some((inode) => inodes.has(inode)))) ready.add(port);
    }
    return ready;
  },
  async inUse(ports) {
    const table = listeners();
    const found = new Map<number, PortHolder>();
    for (const port of ports) {
      const inodes = table.get(port);
      if (inodes) found.set(port, socketHolder(inodes) ?? {});
    }
    return found;
  },
};

/** Elsewhere: a port is ready when a connection to it succeeds; in use when it cannot be bound. */
const connectProbe: PortProbe = {
  async listening(targets) {
    const results = await Promise.all(targets.map(async ({ port }) => ((await connects(port)) ? port : undefined)));
    return new Set(results.filter((p): p is number => p !== undefined));
  },
  async inUse(ports) {
    const found = new Map<number, PortHolder>();
    for (const port of ports) if (!(await bindable(port))) found.set(port, {});
    return found;
  },
};

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

export const portProbe: PortProbe = process.platform === 'linux' ? linuxProbe : connectProbe;
