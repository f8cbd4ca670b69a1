// Readiness, start order, Heroku's release phase and ordered shutdown, as a user runs them.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman, procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const ORDER = fixture('e2e/order');
/** A base port per test, away from the other suites' (5000) and from each other. */
let nextBase = 17_000 + (process.pid % 50) * 200;
const base = () => {
  nextBase += 1000;
  return String(nextBase % 60_000);
};

describe('--after and readiness', () => {
  it('starts web once db listens on its port, and says when it was ready', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', base(), '-m', 'db=1,web=1,release=0', '--after', 'web=db'], { cwd: ORDER });
    await run.waitFor(/web\.1 +\| got: hello from db\.1/);
    const db = run.linesOf('db.1');
    expect(db).toContainEqual(expect.stringMatching(/^ready on port \d+ after \d+(\.\d)? s$/));
    // web started only after db was ready
    const ready = run.stdout.indexOf('| ready on port');
    expect(ready).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('web.1  | started with pid')).toBeGreaterThan(ready);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it('without --after, web starts at once and fails: db is not up yet (the order is what made it work)', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', base(), '-m', 'db=1,web=1,release=0'], { cwd: ORDER });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.linesOf('web.1')).toContainEqual(expect.stringMatching(/^cannot connect to \d+: ECONNREFUSED$/));
  });

  it('ordered shutdown: dependents get SIGTERM first, their dependencies once they are gone', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', base(), '-m', 'db=1,web=1,release=0', '--after', 'web=db'], { cwd: ORDER });
    await run.waitFor(/got: hello from db\.1/);
    run.signal('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const web = run.stdout.indexOf('system | sending SIGTERM to web.1');
    const db = run.stdout.indexOf('system | sending SIGTERM to db.1');
    expect(web).toBeGreaterThan(-1);
    expect(db).toBeGreaterThan(web);
    expect(run.stdout.indexOf('web.1  | exited with code 0')).toBeLessThan(db);
  });

  it('--ready TYPE=port and TYPE=/regex/ report readiness without any start order', async () => {
    const run = new Procman(
      ['start', '--no-timestamp', '-p', base(), '-f', 'Procfile.ready', '--ready', 'web=port,worker=/worker ready/'],
      {
        cwd: ORDER,
      },
    );
    await run.waitFor(/web\.1 +\| ready on port \d+ after/);
    await run.waitFor(/worker\.1 +\| ready after \d+(\.\d)? s \(a line matched \/worker ready\/\)/);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('a cycle is one clear error, from start and from check', async () => {
    for (const command of ['start', 'check']) {
      const result = await procman([command, '-f', 'Procfile.cycle', '--after', 'a=b', '--after', 'b=a'], { cwd: ORDER });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'procman: --after has a cycle: a -> b -> a\nhint: one of these types must start without waiting for the others\n',
      );
    }
  });
});

describe("Heroku's release phase", () => {
  it('runs release first, alone, to completion; then the rest', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', base(), '--after', 'web=db'], { cwd: ORDER });
    await run.waitFor(/got: hello from db\.1/);
    const released = run.stdout.indexOf('release.1 | exited with code 0');
    expect(released).toBeGreaterThan(-1);
    expect(run.stdout.indexOf('db.1      | started with pid')).toBeGreaterThan(released);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('a failed release starts nothing else, and its code is the exit code', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', base(), '-f', 'Procfile.release-fails'], { cwd: ORDER });
    expect(await run.exited).toEqual({ code: 4, signal: null });
    expect(run.linesOf('web.1')).toEqual([]);
  });

  it('-m release=0 skips it; procman start web does not run it', async () => {
    for (const args of [['-m', 'release=0,web=1'], ['web']]) {
      const run = new Procman(['start', '--no-timestamp', '-p', base(), '-f', 'Procfile.release-fails', ...args], { cwd: ORDER });
      await run.waitFor(/web\.1 +\| web\.1 listening on/);
      expect(run.linesOf('release.1')).toEqual([]);
      run.signal('SIGINT');
      expect(await run.exited).toEqual({ code: 0, signal: null });
    }
  });
});

describe('port already in use', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('warns once under system, naming the port, the process and the holder, then starts it anyway', async () => {
    const port = Number(base());
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    const run = new Procman(['start', '--no-timestamp', '-p', String(port), '-f', 'Procfile.ready', '-m', 'web=1'], { cwd: ORDER });
    expect(await run.exited).toEqual({ code: 1, signal: null }); // the app's own EADDRINUSE follows
    const suggestion = (Math.floor(port / 1000) + 1) * 1000;
    expect(run.linesOf('system')).toContainEqual(
      expect.stringMatching(
        new RegExp(`^port ${port} \\(web\\.1\\) is already in use by pid ${process.pid} \\(.*node.*\\); try -p ${suggestion}$`),
      ),
    );
    const quiet = new Procman(['start', '--no-timestamp', '--no-port-check', '-p', String(port), '-f', 'Procfile.ready', '-m', 'web=1'], {
      cwd: ORDER,
    });
    expect(await quiet.exited).toEqual({ code: 1, signal: null });
    expect(quiet.linesOf('system').filter((l) => l.includes('is already in use'))).toEqual([]);
  });
});
