import { connect, createServer } from 'node:net';
import type { PortHolder, PortProbe } from '../runtime/seams.js';
import { groupMembers, listeners, socketCounters, socketHolder, socketInodes } from './platform/linux.js';

/** Reading /proc/net/tcp walks the kernel's whole TCP hash (13 ms here); sockstat's counters cost 0.4 ms. */
const FULL_READ_EVERY_MS = 5000;
let cached: { table: Map<number, Set<number>>; fingerprint: string; at: number } | undefined;

/** The listening sockets, read again only when the socket counters moved, or every 5 s. */
function currentListeners(now = Date.now()): Map<number, Set<number>> {
  const fingerprint = socketCounters();
  if (cached && cached.fingerprint === fingerprint && fingerprint !== '' && now - cached.at < FULL_READ_EVERY_MS) return cached.table;
  cached = { table: listeners(), fingerprint, at: now };
  return cached.table;
}

/**
 * On Linux, from /proc/net/tcp{,6}: a port is ready when a socket listening
 * on it belongs to a process of the group, so another program holding the
 * same port is not mistaken for ours, and nothing connects to the app. One
 * read of the tables serves every port asked about.
 */
const linuxProbe: PortProbe = {
  async listening(targets) {
    const table = currentListeners();
    const ready = new Set<number>();
    for (const { port, pgid } of targets) {
      const inodes = table.get(port);
      if (!inodes) continue;
      if (groupMembers(pgid).some((pid) => [...socketInodes(pid)].some((inode) => inodes.has(inode)))) ready.add(port);
    }
    return ready;
  },
  async inUse(ports) {
    // A bind costs a syscall or two a port; the table costs a walk of the kernel's whole TCP hash (12 ms here, on
    // the way to the first spawn). So the table is read only when a bind was refused, for the ports refused: a
    // listener on the port (any address, v4 or v6) refuses our dual-stack bind, and the table then names it.
    const unique = [...new Set(ports)];
    const refused = (await Promise.all(unique.map(async (port) => ((await bindable(port)) ? undefined : port)))).filter(
      (port): port is number => port !== undefined,
    );
    const found = new Map<number, PortHolder>();
    if (refused.length === 0) return found;
    const table = listeners();
    for (const port of refused) {
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
