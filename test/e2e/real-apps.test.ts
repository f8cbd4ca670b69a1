// Readiness and start order with real servers: Debian's redis-server as a dependency of a
// Node web process, and gunicorn + Flask with its readiness reported. Each skips with a
// message where its tool is missing (.ci/run installs them when it runs as root).
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

const has = (command: string, args: string[], cwd?: string) => {
  try {
    execFileSync(command, args, { cwd, stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
};
const redis = has('redis-server', ['--version']);
const gunicorn = has('gunicorn', ['--check-config', 'hello:app'], fixture('gunicorn'));
if (!redis) console.warn('skipping the redis tests: no redis-server (apt-get install redis-server)');
if (!gunicorn) console.warn('skipping the gunicorn readiness test: gunicorn or python3-flask is not installed');

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const base = 24_000 + (process.pid % 300) * 100;

describe.skipIf(!redis)('redis-server as a dependency (--after web=redis)', () => {
  it('web starts once redis listens, pings it, serves HTTP; shutdown stops web first, then redis', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', String(base), '--after', 'web=redis'], { cwd: fixture('redis') });
    await run.waitFor(new RegExp(`redis\\.1 +\\| ready on port ${base} after`), 20_000);
    await run.waitFor(new RegExp(`web\\.1 +\\| redis answered PONG on ${base}`), 20_000);
    await run.waitFor(new RegExp(`web\\.1 +\\| listening on ${base + 100}`));
    const response = await fetch(`http://127.0.0.1:${base + 100}/`);
    expect(await response.text()).toBe(`web with redis on ${base}\n`);
    expect(run.stdout.indexOf('web.1   | started with pid')).toBeGreaterThan(run.stdout.indexOf('| ready on port'));
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const web = run.stdout.indexOf('sending SIGTERM to web.1');
    expect(web).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('sending SIGTERM to redis.1')).toBeGreaterThan(web);
    await assertGone(run.pids);
  });
});

describe.skipIf(!gunicorn)('gunicorn with readiness reported', () => {
  it('says when web listens on its port, and it answers from then on; the worker starts after it', async () => {
    const port = base + 50;
    const run = new Procman(['start', '-p', String(port), '--ready', 'web=port', '--after', 'worker=web'], { cwd: fixture('gunicorn') });
    await run.waitFor(new RegExp(`web\\.1 +\\| ready on port ${port} after \\d+(\\.\\d)? s`), 30_000);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(await response.text()).toBe('hello from gunicorn\n');
    await run.waitFor(/worker\.1 +\| worker tick 1/, 30_000);
    expect(run.stdout.indexOf('worker.1 | started with pid')).toBeGreaterThan(run.stdout.indexOf('| ready on port'));
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });
});
