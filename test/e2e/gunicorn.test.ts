import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

/** The Heroku example procman exists for: gunicorn + Flask (Debian's gunicorn and python3-flask). */
function hasGunicorn(): boolean {
  try {
    // --check-config imports the app with gunicorn's own Python, so Flask must be there
    execFileSync('gunicorn', ['--check-config', 'hello:app'], { cwd: fixture('gunicorn'), stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = hasGunicorn();
if (!available)
  console.warn('skipping gunicorn tests: gunicorn or python3-flask is not installed (apt-get install gunicorn python3-flask)');

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const GUNICORN = fixture('gunicorn');
// A base port unlikely to be taken, different per run.
const base = 20000 + (process.pid % 400) * 100;

describe.skipIf(!available)('gunicorn', () => {
  it('serves HTTP on web’s PORT with live, prefixed logs beside an unflushed Python worker', async () => {
    const run = new Procman(['start', '-p', String(base)], { cwd: GUNICORN });
    await run.waitFor(new RegExp(`web\\.1 +\\| .*Listening at: http://0\\.0\\.0\\.0:${base} `), 30_000);
    await run.waitFor(/worker\.1 +\| worker tick 2/, 30_000);
    const response = await fetch(`http://127.0.0.1:${base}/`);
    expect(await response.text()).toBe('hello from gunicorn\n');
    await run.waitFor(/web\.1 +\| handling a request/);
    expect(run.exitedYet()).toBe(false);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it('shows gunicorn’s import error and exits non-zero when the module is not found', async () => {
    const run = new Procman(['start', '-f', 'Procfile.missing-module', '-p', String(base + 1000)], { cwd: GUNICORN });
    const exit = await run.exited;
    expect(exit.code).not.toBe(0);
    expect(run.stdout).toMatch(/web\.1 +\| .*No module named 'testfile'/);
    expect(run.stdout).toMatch(/web\.1 +\| exited with code [1-9]/);
    await assertGone(run.pids);
  });

  it('reports gunicorn’s usage error as exit code 2', async () => {
    const run = new Procman(['start', '-f', 'Procfile.bad-flag', '-p', String(base + 2000)], { cwd: GUNICORN });
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stdout).toMatch(/web\.1 +\| .*unrecognized arguments: --logfile=-/);
    expect(run.stdout).toMatch(/web\.1 +\| exited with code 2/);
  });
});
