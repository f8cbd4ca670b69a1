// Processes on a pty (--tty): the same promises as on pipes. Shutdown stops every tree (the
// stubborn one killed at -t), nothing is left at any depth; procman killed with SIGKILL: its
// watchdog stops them, even one that ignores SIGHUP (which the closing pty sends) and SIGTERM.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';
import { assertNoneTagged, bin, describePids, killLeftovers, node, procfile, Run, tagged } from './helpers.js';

afterEach(() => {
  expect(killLeftovers(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const TREES = procfile([
  ['jobs', `sh -c 'sleep 1000 & sleep 1000 & echo "jobs ready pid=$$"; wait'`],
  ['tree', node(bin('spawn-tree.js'))],
  ['stubborn', node(bin('ignore-sigterm.js'))],
  ['deaf', `sh -c 'trap "" HUP TERM; echo "deaf ready pid=$$"; while :; do sleep 1; done'`],
]);
const READY = [/jobs ready/, /tree ready/, /grandchild pid=\d+[\s\S]*grandchild pid=\d+/, /stubborn ready/, /deaf ready/];

async function startOnPtys(extra: string[] = []): Promise<Run> {
  const run = new Run(['start', '--no-timestamp', '--tty', ...extra], { cwd: project({ Procfile: TREES }) });
  for (const ready of READY) await run.waitFor(ready);
  await until(
    () => tagged(run.tag, [run.pid]).length >= 9,
    'the whole tree to be running',
    10_000,
    () => describePids(tagged(run.tag, [run.pid])),
  );
  return run;
}

describe('processes on a pty (--tty)', () => {
  it('SIGINT: every tree is stopped, the ones ignoring SIGTERM killed after -t; nothing is left', async () => {
    const run = await startOnPtys(['-t', '2']);
    const sentAt = Date.now();
    run.signal('SIGINT');
    expect(await run.exit(20_000)).toEqual({ code: 0, signal: null });
    const took = Date.now() - sentAt;
    console.log(`[pty] SIGINT: procman exited ${took} ms after the signal (-t 2)`);
    expect(run.linesOf('stubborn.1')).toContain('terminated by SIGKILL');
    expect(run.linesOf('deaf.1')).toContain('terminated by SIGKILL');
    expect(took).toBeGreaterThanOrEqual(2_000);
    await assertNoneTagged(run.tag, 5_000);
  });

  it('procman killed with SIGKILL: the watchdog stops every process, the one ignoring SIGHUP and SIGTERM too', async () => {
    const run = await startOnPtys(['-t', '1']);
    run.signal('SIGKILL');
    await run.exit(10_000);
    await assertNoneTagged(run.tag, 10_000);
  });
});
