// procman's own stdout misbehaves: it goes away (EPIPE), or it stops being read (a pipe nobody reads,
// a pseudo-terminal nobody reads, a terminal paused with Ctrl-S). procman must apply backpressure
// (bounded memory), lose no line once the reader resumes, and still stop every child on a signal.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { until } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';
import { assertNoneTagged, bin, killLeftovers, node, peakRssKb, procfile, Run, rel, sampler, taggedMatching } from './helpers.js';

afterEach(() => {
  expect(killLeftovers(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const RSS_LIMIT_MB = 100;
const FLOODS = ['f1', 'f2', 'f3', 'f4'];
const PAD = 'z'.repeat(80);

describe('stdout goes away', () => {
  it('`procman start | head -n 3` stops the children and exits 0 promptly, without a stack trace', async () => {
    const dir = project({
      Procfile: procfile([
        ['ticker', node('ticker.js', 'tick', 1_000_000, 5)],
        ['web', node(bin('ready.js'), 'web')],
        ['jobs', `sh -c 'sleep 1000 & echo "jobs ready pid=$$"; wait'`],
      ]),
    });
    const script = `{ "${process.execPath}" "${BIN}" start --no-timestamp; echo "procman exit=$?" >&2; } | head -n 3`;
    const run = new Run([], { command: ['sh', '-c', script], cwd: dir });
    await run.waitFor(/(.*\n){3}/);
    const headDoneAt = Date.now();
    expect(await run.exit(15_000)).toEqual({ code: 0, signal: null });
    const took = Date.now() - headDoneAt;
    console.log(`[epipe] procman exited ${took} ms after head printed its 3 lines`);
    expect(run.stdout.split('\n')).toHaveLength(4); // three lines and the empty rest
    expect(run.stderr).toContain('procman exit=0');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(took).toBeLessThan(8_000);
    await assertNoneTagged(run.tag, 5_000);
  });
});

type Reader = 'pipe' | 'pty' | 'ctrl-s';

/** How many lines each flood child has handed to its pipe so far. */
function floodCounts(dir: string): number[] {
  return FLOODS.map((label) => {
    try {
      return Number(readFileSync(`${dir}/${label}`, 'latin1').split(' ')[0]);
    } catch {
      return 0;
    }
  });
}

interface Stalled {
  run: Run;
  /** procman's pid (the harness's child for a pty) */
  pid: number;
  dir: string;
  rss: { stop(): number };
  stalledAt: number[];
  resume(): void;
}

/**
 * Starts procman with four children writing as fast as they can (plus a stubborn one) and a reader
 * that stops reading; resolves once every child has been blocked (its count unchanged for 1 s).
 * Fails early if procman's peak RSS passes the limit meanwhile.
 */
async function stall(reader: Reader, timeout = '2'): Promise<Stalled> {
  const dir = project({
    Procfile: procfile([
      ...FLOODS.map((label): [string, string] => [label, node('flood.js', label, PAD.length)]),
      ['stubborn', node(bin('ignore-sigterm.js'))],
    ]),
  });
  const args = ['start', '--no-timestamp', '--no-color', '-t', timeout];
  const env = { FLOOD_DIR: dir };
  let run: Run;
  let pid: number;
  let resume: () => void;
  if (reader === 'pipe') {
    run = new Run(args, { cwd: dir, env, stdout: 'paused' });
    pid = run.pid;
    resume = () => run.resume();
  } else {
    run = new Run(args, {
      cwd: dir,
      env,
      command: ['python3', rel('pty-term.py'), reader === 'pty' ? 'stalled' : 'live', process.execPath, BIN],
    });
    pid = Number((await run.waitFor(/harness pid=(\d+)/, { stream: 'stderr' }))[1]);
    resume = () => run.tell(reader === 'pty' ? 'read' : 'resume');
  }
  const rss = sampler(() => peakRssKb(pid));
  await until(() => floodCounts(dir).every((n) => n > 0), 'every flood child to start writing', 20_000);
  if (reader === 'ctrl-s') {
    await until(() => run.received > 1_000_000, 'output to flow through the terminal', 20_000);
    run.tell('pause');
  }
  let last = floodCounts(dir);
  let stableSince = Date.now();
  await until(
    () => {
      const peak = peakRssKb(pid) ?? 0;
      if (peak > RSS_LIMIT_MB * 1024) throw new Error(`procman's peak RSS reached ${Math.round(peak / 1024)} MB with a stalled reader`);
      const now = floodCounts(dir);
      if (now.some((n, i) => n !== last[i])) {
        last = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince >= 1_000;
    },
    'every child to be blocked by the stalled reader',
    30_000,
    () => `counts: ${floodCounts(dir).join(', ')}`,
  );
  return { run, pid, dir, rss, stalledAt: last, resume };
}

/** Every flood line arrived complete and in order; the last one of each may be cut by the kill. */
function assertNoLineLost(run: Run): void {
  for (const label of FLOODS) {
    const bodies = run.linesOf(`${label}.1`).filter((b) => b.startsWith(`${label} `));
    expect(bodies.length, `${label} printed nothing`).toBeGreaterThan(1000);
    bodies.forEach((body, i) => {
      const expected = `${label} ${i} ${PAD}`;
      if (body === expected) return;
      if (i === bodies.length - 1 && expected.startsWith(body)) return;
      throw new Error(`${label}: line ${i} is lost, torn or out of order: ${JSON.stringify(body.slice(0, 120))}`);
    });
  }
  for (const line of run.stdout.split('\n').slice(0, -1)) {
    if (!/^(f\d\.1 {6}|stubborn\.1|system {4}) \| /.test(line)) throw new Error(`torn line: ${JSON.stringify(line.slice(0, 120))}`);
  }
}

const READERS: Array<[Reader, string]> = [
  ['pipe', 'a pipe nobody reads'],
  ['pty', 'a pseudo-terminal nobody reads'],
  ['ctrl-s', 'a terminal paused with Ctrl-S'],
];

describe('a stalled reader', () => {
  for (const [reader, what] of READERS) {
    it(`${what}: memory stays bounded (backpressure), and no line is lost when it resumes`, async () => {
      const { run, dir, rss, stalledAt, resume } = await stall(reader);
      const peakStalled = rss.stop();
      // the children were really held back: they stopped writing long before a flood's worth
      expect(floodCounts(dir)).toEqual(stalledAt);
      resume();
      const target = stalledAt.map((n) => n + 10_000);
      await until(
        () => floodCounts(dir).every((n, i) => n >= (target[i] ?? 0)),
        'every child to write 10,000 more lines after the reader resumed',
        30_000,
        () => `counts: ${floodCounts(dir).join(', ')} (stalled at ${stalledAt.join(', ')})`,
      );
      await run.waitFor(new RegExp(`f4 ${(stalledAt[3] ?? 0) + 5_000} `), { timeoutMs: 30_000 });
      const procmanPid = reader === 'pipe' ? run.pid : Number(/harness pid=(\d+)/.exec(run.stderr)?.[1]);
      process.kill(procmanPid, 'SIGINT');
      const exit = await run.exit(20_000);
      expect(exit).toEqual({ code: 0, signal: null });
      console.log(
        `[stall] ${what}: peak RSS ${(peakStalled / 1024).toFixed(1)} MB while stalled (limit ${RSS_LIMIT_MB} MB); ` +
          `children blocked after ${stalledAt.join('/')} lines; ${(run.received / 1e6).toFixed(1)} MB printed in all`,
      );
      expect(peakStalled).toBeLessThan(RSS_LIMIT_MB * 1024);
      assertNoLineLost(run);
      await assertNoneTagged(run.tag, 5_000);
    });

    it(`${what}: SIGTERM stops every child within the timeout while the output is blocked`, async () => {
      const { run, pid, rss, resume } = await stall(reader);
      const sentAt = Date.now();
      process.kill(pid, 'SIGTERM');
      // -t 2: the stubborn child gets SIGKILL after 2 s; everything but procman must be gone by then
      await assertNoneTagged(run.tag, 2_000 + 4_000, [pid, run.pid]);
      const stoppedIn = Date.now() - sentAt;
      const peak = rss.stop();
      resume();
      expect(await run.exit(20_000)).toEqual({ code: 0, signal: null });
      console.log(
        `[stall] ${what}: every child gone ${stoppedIn} ms after SIGTERM with the output blocked (-t 2); peak RSS ${(peak / 1024).toFixed(1)} MB`,
      );
      expect(run.stdout).toContain('SIGTERM received, starting shutdown');
      expect(run.linesOf('stubborn.1')).toContain('terminated by SIGKILL');
      assertNoLineLost(run);
      await assertNoneTagged(run.tag, 5_000);
    });
  }

  it('a second SIGINT with the output blocked kills at once', async () => {
    const { run, pid, resume } = await stall('pipe', '600');
    process.kill(pid, 'SIGINT');
    // the stubborn child logs "SIGTERM ignored" into the blocked pipe; wait for the flood children to die
    await until(() => taggedMatching(run.tag, /flood\.js/).length === 0, 'the flood children to die of SIGTERM', 10_000);
    const sentAt = Date.now();
    process.kill(pid, 'SIGINT');
    await assertNoneTagged(run.tag, 1_500, [pid]);
    console.log(`[stall] second SIGINT with blocked output: everything gone ${Date.now() - sentAt} ms after it`);
    resume();
    expect(await run.exit(20_000)).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('SIGINT received again, killing at once');
  });
});
