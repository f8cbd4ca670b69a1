// The control socket under hostile clients: random bytes, huge lines, half-open and idle
// connections, a client that never reads, a follower that never reads while a process floods, and
// many clients at once. The running procman must answer bad input with an error, never crash,
// never stall its processes or its console, stay bounded in memory, and exit promptly at the end
// with connections still open, removing its socket file.
import { existsSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hashOf } from '../../src/control/paths.js';
import { procman, RUNTIME_DIR } from '../helpers/cli.js';
import { project, removeTemps } from '../helpers/temp.js';
import { assertNoneTagged, bin, killLeftovers, node, peakRssKb, procfile, Run } from './helpers.js';

afterEach(() => {
  expect(killLeftovers(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

/** Deterministic pseudo-random bytes. */
function garbage(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = (x >> 16) & 0xff;
  }
  return out;
}

/** A raw client: what it received, as JSON lines, and a way to wait for the n-th. */
class Raw {
  readonly socket: Socket;
  private text = '';
  private waiters: Array<() => void> = [];
  readonly closed: Promise<void>;

  constructor(path: string) {
    this.socket = connect(path);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => {
      this.text += chunk;
      for (const waiter of this.waiters) waiter();
    });
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve()));
  }

  get messages(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Resolves once `count` whole lines arrived; fails after timeoutMs. */
  lines(count: number, timeoutMs = 10_000): Promise<Array<Record<string, unknown>>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${count} replies; got ${JSON.stringify(this.text.slice(-500))}`)),
        timeoutMs,
      );
      const check = () => {
        if (this.text.split('\n').length - 1 < count) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(this.messages);
      };
      this.waiters.push(check);
      check();
    });
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
  }
}

const status = (id: number) => `${JSON.stringify({ v: 1, id, cmd: 'status' })}\n`;

describe('the control socket under hostile clients', () => {
  it('answers garbage with errors, skips huge lines, outlives idle, half-open and unread clients, and exits promptly', async () => {
    const dir = project({
      Procfile: procfile([
        ['flood', node('flood.js', 'flood', 200)],
        ['web', node(bin('ready.js'), 'web')],
      ]),
    });
    writeFileSync(join(dir, '.env'), `FLOOD_DIR=${dir}\n`);
    const run = new Run(['start', '--no-timestamp'], { cwd: dir });
    await run.waitFor(/web\.1 +\| web ready/);
    const socket = join(RUNTIME_DIR, 'procman', `${hashOf(join(dir, 'Procfile'))}.sock`);
    const consoleBytes = () => run.received;

    // random bytes, with and without newlines, in odd chunks; then a good request on the same connection
    const fuzz = new Raw(socket);
    await fuzz.connected();
    let newlines = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const chunk = garbage(1 + ((seed * 37) % 3000), seed);
      newlines += chunk.filter((b) => b === 0x0a).length;
      fuzz.socket.write(chunk);
    }
    fuzz.socket.write('\n');
    fuzz.socket.write(status(7));
    const replies = await fuzz.lines(newlines + 2, 20_000);
    // blank lines get no reply; every other line an error; the good one its status
    expect(replies.at(-1)).toMatchObject({ v: 1, id: 7, ok: true });
    expect(replies.slice(0, -1).every((r) => r.ok === false && typeof r.error === 'string')).toBe(true);
    expect(replies.length).toBeGreaterThan(10);

    // a 20 MiB line: one error, its bytes skipped, memory bounded; the next line is read
    const huge = new Raw(socket);
    await huge.connected();
    const block = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 20; i++) huge.socket.write(block);
    huge.socket.write(`\n${status(8)}`);
    const [tooLong, afterHuge] = await huge.lines(2, 20_000);
    expect(tooLong).toEqual({ v: 1, id: null, ok: false, error: 'request line longer than 65536 bytes' });
    expect(afterHuge).toMatchObject({ id: 8, ok: true });

    // half-open: half a request, never finished; idle: connected, silent; ended: sent and shut its side
    const halves = Array.from({ length: 30 }, () => new Raw(socket));
    for (const half of halves) half.socket.write('{"v":1,"id":1,"cmd":"sta');
    const idle = Array.from({ length: 30 }, () => new Raw(socket));
    const ended = new Raw(socket);
    ended.socket.end(status(9));
    expect((await ended.lines(1))[0]).toMatchObject({ id: 9, ok: true });

    // a client that asks and never reads: dropped once its replies pile up, not kept in memory
    const deaf = new Raw(socket);
    await deaf.connected();
    deaf.socket.pause();
    const ask = status(1).repeat(2000);
    for (let i = 0; i < 100 && !deaf.socket.destroyed; i++) deaf.socket.write(ask);

    await deaf.closed; // dropped by procman once 4 MiB of its replies were waiting

    // a follower that never reads while flood floods: it misses lines, the console does not stall
    const follower = new Raw(socket);
    follower.socket.write(`${JSON.stringify({ v: 1, id: 2, cmd: 'logs', names: ['flood'], lines: 0, follow: true })}\n`);
    await follower.lines(1);
    follower.socket.pause();
    const before = consoleBytes();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the console stalled behind a follower that does not read')), 15_000);
      const check = setInterval(() => {
        if (consoleBytes() - before < 20 * 1024 * 1024) return;
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }, 20);
    });

    // many clients at once, while all the above stay connected
    const crowd = Array.from({ length: 100 }, () => new Raw(socket));
    for (const [i, client] of crowd.entries()) client.socket.write(status(100 + i));
    const answers = await Promise.all(crowd.map((c) => c.lines(1, 20_000)));
    expect(answers.every(([reply]) => reply?.ok === true)).toBe(true);
    const cli = await procman(['status'], { cwd: dir });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^web\.1 +running/m);

    const peakMb = (peakRssKb(run.pid) ?? 0) / 1024;
    console.log(`[control] peak RSS of procman under hostile clients: ${peakMb.toFixed(0)} MB`);
    expect(peakMb).toBeLessThan(150);

    // the end: connections still open do not keep procman alive
    const stopAt = Date.now();
    run.signal('SIGINT');
    expect(await run.exit(15_000)).toEqual({ code: 0, signal: null });
    const took = Date.now() - stopAt;
    console.log(`[control] exit ${took} ms after SIGINT with ${halves.length + idle.length + crowd.length + 2} clients connected`);
    expect(took).toBeLessThan(8_000);
    expect(run.stderr).toBe('');
    expect(existsSync(socket)).toBe(false);
    follower.socket.resume(); // to read what is left, and the end
    await Promise.all([...halves, ...idle, follower].map((c) => c.closed));
    for (const client of [fuzz, huge, deaf, ...crowd]) client.socket.destroy();
    await assertNoneTagged(run.tag, 5_000);
  });
});
