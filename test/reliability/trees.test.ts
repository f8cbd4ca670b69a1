// Process trees and signals: after procman exits, no process it started, at any depth, is alive.
// Every process a test starts carries a tag in its environment; "gone" is checked by scanning /proc
// for the tag, so it covers grandchildren nobody printed the pid of.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';
import { assertNoneTagged, bin, describePids, killLeftovers, node, procfile, Run, tagged } from './helpers.js';

afterEach(() => {
  expect(killLeftovers(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

/** Every kind of tree the issue lists, each printing a readiness line. */
const TREES = procfile([
  ['jobs', `sh -c 'sleep 1000 & sleep 1000 & echo "jobs ready pid=$$"; wait'`],
  ['bgshell', `sleep 1000 & sleep 1000`],
  ['forker', `${node('fork-exit.js')} && exec ${node(bin('ready.js'), 'forker-after')}`],
  ['tree', node(bin('spawn-tree.js'))],
  ['stubborn', node(bin('ignore-sigterm.js'))],
  ['slow', node(bin('slow-term.js'), 2000)],
]);
const READY = [
  /jobs ready/,
  /orphan pid=\d+/,
  /forker-after ready/,
  /tree ready/,
  /grandchild pid=\d+[\s\S]*grandchild pid=\d+/,
  /stubborn ready/,
  /slow ready/,
];

async function startTrees(extra: string[] = []): Promise<Run> {
  const run = new Run(['start', '--no-timestamp', ...extra], { cwd: project({ Procfile: TREES }) });
  for (const ready of READY) await run.waitFor(ready);
  // the shells' background sleeps: every process of the tree is up before we signal
  await until(
    () => tagged(run.tag, [run.pid]).length >= 15,
    'the whole tree to be running',
    10_000,
    () => describePids(tagged(run.tag, [run.pid])),
  );
  return run;
}

describe('process trees', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: waits for the slow child, kills the stubborn one after -t, leaves nothing alive at any depth`, async () => {
      const run = await startTrees(['-t', '3']);
      const before = tagged(run.tag, [run.pid]);
      const sentAt = Date.now();
      run.signal(signal);
      expect(await run.exit(20_000)).toEqual({ code: 0, signal: null });
      const took = Date.now() - sentAt;
      console.log(`[trees] ${signal}: ${before.length} processes, procman exited ${took} ms after the signal (-t 3)`);
      // the slow child traps SIGTERM and needs 2 s: it was waited for, not killed
      expect(run.linesOf('slow.1')).toEqual(expect.arrayContaining(['clean exit', 'exited with code 0']));
      // the stubborn one ignores SIGTERM: killed after the timeout, not before
      expect(run.linesOf('stubborn.1')).toContain('terminated by SIGKILL');
      expect(took).toBeGreaterThanOrEqual(3_000);
      expect(run.stdout).toMatch(/sending SIGKILL to stubborn\.1\n/);
      await assertNoneTagged(run.tag, 5_000);
    });
  }

  it('a second SIGINT during shutdown kills everything at once', async () => {
    const run = await startTrees(['-t', '600']);
    run.signal('SIGINT');
    await run.waitFor(/SIGTERM ignored/);
    const sentAt = Date.now();
    run.signal('SIGINT');
    expect(await run.exit(15_000)).toEqual({ code: 0, signal: null });
    const took = Date.now() - sentAt;
    console.log(`[trees] second SIGINT: procman exited ${took} ms after it`);
    expect(took).toBeLessThan(10_000);
    expect(run.stdout).toContain('SIGINT received again, killing at once');
    await assertNoneTagged(run.tag, 5_000);
  });

  it('a child that forks and exits ends procman (exit 0) without leaving its orphan behind', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({
        Procfile: procfile([
          ['forker', node('fork-exit.js')],
          ['web', node(bin('ready.js'), 'web')],
        ]),
      }),
    });
    expect(await run.exit(20_000)).toEqual({ code: 0, signal: null });
    expect(run.stdout).toMatch(/orphan pid=\d+/);
    expect(run.linesOf('forker.1')).toContain('exited with code 0');
    await assertNoneTagged(run.tag, 5_000);
  });

  // Was a bug (fixed in a8ab0dd): a grandchild that called setsid() left the group, was reparented
  // to PID 1 when its parent died of SIGTERM, and survived. procman now tags every child
  // (PROCMAN_ID) and stops tagged processes outside its groups too.
  it('a grandchild that left the process group with setsid is stopped too', async () => {
    const run = new Run(['start', '--no-timestamp'], { cwd: project({ Procfile: procfile([['escaper', node('escape.js')]]) }) });
    await run.waitFor(/escaped pid=\d+/);
    await run.waitFor(/escaper ready/);
    run.signal('SIGTERM');
    expect(await run.exit(15_000)).toEqual({ code: 0, signal: null });
    await assertNoneTagged(run.tag, 5_000);
  });
});

const FIFTY = procfile(
  Array.from({ length: 50 }, (_, i): [string, string] => [
    `p${i}`,
    i % 10 === 0 ? node(bin('spawn-tree.js')) : i % 2 === 0 ? `sleep 1000 & sleep 1000` : `sh -c 'sleep 1000 & exec sleep 1000'`,
  ]),
);

describe('signals during start-up', () => {
  for (const [when, pattern] of [
    ['at the first "started" line', /started with pid/],
    ['as soon as the first child exists, before any output is read', undefined],
  ] as const) {
    it(`SIGTERM ${when}, while 50 trees start, leaves no orphan`, async () => {
      const dir = project({ Procfile: FIFTY });
      for (let round = 0; round < 3; round++) {
        const run = new Run(['start', '--no-timestamp', '-t', '5'], { cwd: dir });
        if (pattern) await run.waitFor(pattern);
        else await until(() => tagged(run.tag, [run.pid]).length > 1, 'the first child to exist (besides the watchdog)', 10_000);
        run.signal('SIGTERM');
        const exit = await run.exit(20_000);
        // killed before it installed its handlers (exit by signal) or shut down cleanly (exit 0)
        expect([0, null]).toContain(exit.code);
        expect(run.stderr).not.toMatch(/^\s+at /m);
        await assertNoneTagged(run.tag, 5_000);
        const started = run.startedPids().length;
        console.log(`[start-up] SIGTERM ${when}, round ${round}: ${started} of 50 started, exit ${JSON.stringify(exit)}`);
      }
    });
  }

  it('SIGINT at random moments in the first 400 ms leaves no orphan', async () => {
    const dir = project({ Procfile: FIFTY });
    for (const delay of [0, 40, 80, 150, 250, 400]) {
      const run = new Run(['start', '--no-timestamp', '-t', '5'], { cwd: dir });
      await until(() => tagged(run.tag).length > 0, 'procman to be running');
      await new Promise((r) => setTimeout(r, delay)); // the point of the test: an arbitrary moment, not a sync
      run.signal('SIGINT');
      const exit = await run.exit(20_000);
      expect([0, null]).toContain(exit.code);
      await assertNoneTagged(run.tag, 5_000);
    }
  });
});

describe('procman killed with SIGKILL', () => {
  // What the watchdog (src/os/watchdog.ts) guarantees: procman starts one `sh` in its own process group
  // before the first child and writes it each child's process-group id synchronously. If procman
  // dies without saying goodbye (SIGKILL, crash, OOM killer), the kernel closes the pipe; the
  // watchdog then sends SIGTERM to every recorded group and, on Linux, to every process carrying the
  // run's PROCMAN_ID (so setsid'd descendants and a child spawned in the instant of the kill are
  // covered), and SIGKILL to what is left after -t seconds. Not covered: a kill -9 of the watchdog
  // itself, or a descendant that clears its environment and leaves the group.
  it('its children, grandchildren and the watchdog are gone within 10 s', async () => {
    const run = new Run(['start', '--no-timestamp', '-t', '1'], {
      cwd: project({
        Procfile: procfile([
          ['web', node(bin('ready.js'), 'web')],
          ['jobs', `sh -c 'sleep 1000 & echo "jobs ready pid=$$"; wait'`],
          ['tree', node(bin('spawn-tree.js'))],
          ['stubborn', node(bin('ignore-sigterm.js'))],
        ]),
      }),
    });
    for (const ready of [/web ready/, /jobs ready/, /tree ready/, /stubborn ready/]) await run.waitFor(ready);
    const children = tagged(run.tag, [run.pid]);
    expect(children.length).toBeGreaterThanOrEqual(8);
    run.signal('SIGKILL');
    await run.exit(5_000);
    const killedAt = Date.now();
    await assertNoneTagged(run.tag, 10_000);
    console.log(
      `[sigkill] ${children.length} processes gone ${Date.now() - killedAt} ms after procman was SIGKILLed (-t 1, one ignores SIGTERM)`,
    );
  });

  // Was a bug (fixed in a8ab0dd): a child spawned in the instant of the SIGKILL, before procman told
  // the watchdog its group, was left running (one group in most attempts with 150 children).
  it('SIGKILL while 150 children are being spawned: every process is gone within 10 s (5 rounds)', async () => {
    const dir = project({
      Procfile: procfile(Array.from({ length: 150 }, (_, i): [string, string] => [`s${i}`, 'sleep 1000 & sleep 1000'])),
    });
    for (let round = 0; round < 5; round++) {
      const run = new Run(['start', '--no-timestamp', '-t', '1'], { cwd: dir });
      // the first process with the tag other than procman: the watchdog or the first child
      await until(() => tagged(run.tag, [run.pid]).length > 1, 'the first child to exist', 10_000);
      run.signal('SIGKILL');
      await run.exit(5_000);
      const killedAt = Date.now();
      await assertNoneTagged(run.tag, 10_000);
      console.log(
        `[sigkill] start-up round ${round}: ${run.startedPids().length} started lines, every process gone ${Date.now() - killedAt} ms after SIGKILL`,
      );
    }
  });
});
