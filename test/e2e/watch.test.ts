// --watch: a change of a watched file restarts that type's processes. Each test runs the built CLI
// on a temp copy of fixtures/e2e/watch and writes files into it, once procman says it is watching.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { start } from '../../src/api.js';
import type { RuntimeEvent } from '../../src/runtime/events.js';
import { fixture, Procman, procman } from '../helpers/cli.js';
import { assertGone, isAlive, killTracked, track } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

afterAll(() => {
  removeTemps();
});

/** A temp copy of the fixture app, with `files` written over it. */
function app(files: Record<string, string> = {}): string {
  const dir = project();
  cpSync(fixture('e2e/watch'), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

function write(dir: string, name: string, text: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text);
}

/** `started with pid N` under this name, in order. */
const startedPids = (run: Procman, name: string) =>
  run.linesOf(name).flatMap((line) => {
    const match = /^started with pid (\d+)$/.exec(line);
    return match ? [Number(match[1])] : [];
  });

const reasons = (run: Procman, name: string) => run.linesOf(name).filter((line) => line.endsWith(' changed, restarting'));

/** Resolves once `name` printed `pattern` `times` times in all. */
const waitForCount = (run: Procman, name: string, pattern: RegExp, times: number) =>
  run.waitFor(new RegExp(`(?:${name.replace('.', '\\.')} +\\| ${pattern.source}[^\\n]*\\n(?:[^]*?)){${times}}`));

const READY = /system +\| watching /;
const CRASH = "console.log('web crashing'); process.exit(3);\n";

describe('--watch', () => {
  it("a change restarts that type's processes (new pid, same name, the reason said); the others keep theirs", async () => {
    const dir = app();
    const run = new Procman(['start', '--no-timestamp', '-m', 'web=2,worker=1', '--watch', 'web=src,lib', '--watch', 'worker=jobs'], {
      cwd: dir,
    });
    await run.waitFor(/system +\| watching src, lib \(web\); jobs \(worker\)\n/);
    await waitForCount(run, 'web.2', /web ready/, 1);
    await waitForCount(run, 'web.1', /web ready/, 1);
    await waitForCount(run, 'worker.1', /worker ready/, 1);
    const [web1, web2, worker] = [startedPids(run, 'web.1'), startedPids(run, 'web.2'), startedPids(run, 'worker.1')];

    write(dir, 'lib/util.js', '// changed\n');
    await waitForCount(run, 'web.1', /web ready/, 2);
    await waitForCount(run, 'web.2', /web ready/, 2);
    for (const [name, before] of [
      ['web.1', web1],
      ['web.2', web2],
    ] as const) {
      const lines = run.linesOf(name);
      const from = lines.indexOf('lib/util.js changed, restarting');
      expect(from, name).toBeGreaterThan(0);
      expect(lines.slice(from, from + 2)).toEqual(['lib/util.js changed, restarting', 'terminated by SIGTERM']);
      const pids = startedPids(run, name);
      expect(pids).toHaveLength(2);
      expect(pids[0]).toBe(before[0]);
      expect(pids[1]).not.toBe(pids[0]);
    }
    expect(startedPids(run, 'worker.1')).toEqual(worker);
    expect(isAlive(worker[0] as number)).toBe(true);
    expect(run.stdout).not.toContain('sending SIGTERM to all processes');

    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it('a burst of 300 files written at once gives one restart, naming one and counting the rest', async () => {
    const dir = app();
    const run = new Procman(['start', '--no-timestamp', '-m', 'web=1', '--watch', 'web=src'], { cwd: dir });
    await run.waitFor(READY);
    await waitForCount(run, 'web.1', /web ready/, 1);
    for (let i = 0; i < 300; i++) write(dir, `src/gen-${i}.js`, `// ${i}\n`);
    await waitForCount(run, 'web.1', /web ready/, 2);
    // a last change, after the burst's restart: had the burst made two, its second would come first
    write(dir, 'src/app.js', 'console.log(`web ready pid=${process.pid}`);\nsetInterval(() => {}, 1 << 30);\n// saved\n');
    await waitForCount(run, 'web.1', /web ready/, 3);
    const said = reasons(run, 'web.1');
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^src\/gen-\d+\.js and 299 more changed, restarting$/);
    expect(said[1]).toBe('src/app.js changed, restarting');
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it('a watched process that crashes stops nothing and waits; the next change starts it again', async () => {
    const dir = app({ 'src/app.js': CRASH });
    const run = new Procman(['start', '--no-timestamp', '--watch', 'web=src'], { cwd: dir });
    await run.waitFor(/web\.1 +\| exited with code 3, waiting for a change to restart\n/);
    await run.waitFor(READY);
    await waitForCount(run, 'worker.1', /worker ready/, 1);
    expect(startedPids(run, 'web.1')).toHaveLength(1); // no crash loop
    write(dir, 'src/app.js', 'console.log(`web ready pid=${process.pid}`);\nsetInterval(() => {}, 1 << 30);\n');
    await waitForCount(run, 'web.1', /web ready/, 1);
    const web = run.linesOf('web.1');
    expect(web.slice(web.indexOf('src/app.js changed, restarting'))).toEqual([
      'src/app.js changed, restarting',
      expect.stringMatching(/^started with pid \d+$/),
      expect.stringMatching(/^web ready pid=\d+$/),
    ]);
    expect(run.stdout).not.toContain('sending SIGTERM to all processes'); // the worker ran on
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it('with --restart too, the crash is restarted with the backoff as usual', async () => {
    const dir = app({ 'src/app.js': CRASH });
    const run = new Procman(['start', '--no-timestamp', '-m', 'web=1', '--watch', 'web=src', '--restart', 'web'], { cwd: dir });
    await run.waitFor(/web\.1 +\| exited with code 3, restarting in 1 s \(attempt 1\)\n/);
    await run.waitFor(/web\.1 +\| exited with code 3, restarting in 2 s \(attempt 2\)\n/);
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
  });

  it('changes under node_modules and .git are ignored, unless the path names them', async () => {
    const dir = app({ 'node_modules/dep/index.js': '// v1\n', '.git/HEAD': 'ref: refs/heads/main\n' });
    const run = new Procman(['start', '--no-timestamp', '--watch', 'web=.', '--watch', 'worker=node_modules/dep'], { cwd: dir });
    await run.waitFor(READY);
    await waitForCount(run, 'web.1', /web ready/, 1);
    await waitForCount(run, 'worker.1', /worker ready/, 1);
    write(dir, '.git/HEAD', 'ref: refs/heads/other\n');
    write(dir, 'node_modules/dep/index.js', '// v2\n');
    write(dir, 'node_modules/other/index.js', '// new\n');
    await waitForCount(run, 'worker.1', /worker ready/, 2);
    expect(reasons(run, 'worker.1')).toEqual(['node_modules/dep/index.js changed, restarting']);
    // had web counted any of those, its restart would come before this one, or name more files
    write(dir, 'src/app.js', 'console.log(`web ready pid=${process.pid}`);\nsetInterval(() => {}, 1 << 30);\n// saved\n');
    await waitForCount(run, 'web.1', /web ready/, 2);
    expect(reasons(run, 'web.1')).toEqual(['src/app.js changed, restarting']);
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it('an unwatched type that exits still ends the run, with its code: the watcher does not hold procman', async () => {
    const dir = app({ 'Procfile.exit': 'web: node src/app.js\ndone: node -e "process.exit(4)"\n' });
    const result = await procman(['start', '--no-timestamp', '-f', 'Procfile.exit', '--watch', 'web=src'], { cwd: dir });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('sending SIGTERM to all processes');
    await assertGone(result.run.pids);
  });

  it('refuses an unknown type, a missing path or a malformed value with one line and a hint', async () => {
    const dir = app();
    const unknown = await procman(['start', '--watch', 'wbe=src'], { cwd: dir });
    expect(unknown).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'procman: unknown process type "wbe" for --watch; known: web, worker\n' +
        'hint: name a process type of the Procfile, for example --watch web=src\n',
    });
    const missing = await procman(['start', '--watch', 'web=src,srcx/**/*.js'], { cwd: dir });
    expect(missing).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `procman: --watch web=srcx/**/*.js: no such file or folder: srcx\nhint: watched paths are relative to the root folder, ${dir}\n`,
    });
    const malformed = await procman(['start', '--watch', 'web'], { cwd: dir });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^procman: invalid --watch "web": expected <type>=<paths>.*\nhint: .+\n$/);
  });
});

describe('watch through the API', () => {
  it('start({ watch }) restarts on a change, with typed events saying why', async () => {
    const dir = app();
    const events: RuntimeEvent[] = [];
    let notify = () => {};
    const until = (what: string, test: (e: RuntimeEvent) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}`)), 15_000);
        const check = () => {
          if (!events.some(test)) return;
          clearTimeout(timer);
          resolve();
        };
        notify = check;
        check();
      });
    const handle = await start({
      cwd: dir,
      formation: { web: 1, worker: 0 },
      watch: { web: ['src'] },
      timeout: 2,
      onEvent: (event) => {
        events.push(event);
        if (event.kind === 'state' && event.to === 'running' && event.pid) track(event.pid);
        notify();
      },
    });
    try {
      await until('the watcher', (e) => e.kind === 'watch' && e.phase === 'ready');
      expect(events.find((e) => e.kind === 'watch')).toMatchObject({ phase: 'ready', types: [{ type: 'web', paths: ['src'] }] });
      write(dir, 'src/new.js', '// new\n');
      await until('the restart', () => handle.status()[0]?.restarts === 1 && handle.status()[0]?.state === 'running');
      expect(events.filter((e) => e.kind === 'restart')).toEqual([
        { kind: 'restart', name: 'web.1', reason: { kind: 'change', paths: ['src/new.js'], count: 1 }, at: expect.any(Number) },
      ]);
    } finally {
      handle.stop();
    }
    expect(await handle.exitCode).toBe(0);
  });
});
