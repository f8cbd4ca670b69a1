// The five workloads. Each `run(contender, dir)` does one measurement in a
// fresh folder and returns plain numbers (milliseconds, seconds, bytes, counts).

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkOutput } from './integrity.mjs';
import { launch, sleep, within } from './launch.mjs';
import { alive, descendants, killAll } from './proc.mjs';

const CHILDREN = new URL('../children/', import.meta.url).pathname;
const LINES = join(CHILDREN, 'lines.mjs');
const TICK = join(CHILDREN, 'barrier-tick.sh');
const NODE = process.execPath;

/** Sizes: the full run, or BENCH_QUICK=1 for a smoke run of a few seconds a workload. */
export function sizes(quick) {
  return quick
    ? {
        throughput: { procs: 4, lines: 5000, bytes: 32, rounds: 1 },
        startup: { rounds: 3 },
        shutdown: { counts: [10, 20], grandchildren: 5, rounds: 1, capMs: 3000 },
        scale: { procs: 10, lines: 50, bytes: 40, rounds: 1 },
        big: { procs: 2, lines: 20, bytes: 65536, rounds: 1 },
      }
    : {
        // at least 5 rounds each, medians reported
        throughput: { procs: 4, lines: 250000, bytes: 32, rounds: 5 },
        startup: { rounds: 20 },
        shutdown: { counts: [10, 100], grandchildren: 10, rounds: 5, capMs: 10000 },
        scale: { procs: 100, lines: 500, bytes: 40, rounds: 5 },
        big: { procs: 2, lines: 500, bytes: 65536, rounds: 5 },
      };
}

/**
 * Waits for the manager to exit and its output to end, at most capMs; past
 * that, kills the group and everything below it. Returns the exit (or undefined).
 */
async function finish(run, capMs) {
  const [exit, eof] = await Promise.all([within(run.exited, capMs), within(run.eof, capMs)]);
  if (exit && eof) return { exit, eof };
  killAll([run.pid, ...descendants(run.pid)]);
  run.close();
  await within(run.exited, 2000);
  return undefined;
}

/** Output workloads (throughput, scale, big lines): children print, wait at a barrier, exit. */
function outputRun({ procs, lines, bytes, child, capMs }) {
  return async (contender, dir) => {
    const barrier = join(dir, 'barrier');
    mkdirSync(barrier);
    let fifo;
    if (child === 'tick') {
      fifo = join(dir, 'pause.fifo');
      execFileSync('mkfifo', [fifo]);
    }
    const list = [];
    const expected = {};
    for (let id = 1; id <= procs; id++) {
      const cmd =
        child === 'tick'
          ? `bash ${TICK} ${id} ${lines} ${bytes} ${fifo} ${barrier} ${procs}`
          : `${NODE} ${LINES} ${id} ${lines} ${bytes} ${barrier} ${procs}`;
      list.push({ name: `p${id}`, cmd });
      expected[id] = lines;
    }
    contender.prepare(dir, list);
    const run = launch(contender, dir, list);
    const done = await finish(run, capMs);
    const reading = run.last() ?? { cpu: NaN, rss: NaN, anon: NaN };
    const check = checkOutput(run.chunks, expected, contender, bytes);
    const total = procs * lines;
    return {
      ok: done !== undefined,
      // no intact line at all: the time until the output ended instead
      wallMs: (check.lastLineAt ?? done?.eof ?? NaN) - run.t0,
      exitMs: done ? Math.max(done.exit.t, done.eof) - run.t0 : NaN,
      cpuS: reading.cpu,
      cpuPerMLinesS: reading.cpu / (total / 1e6),
      rssMB: reading.rss / 2 ** 20,
      // sampled every SAMPLE_MS: a lower bound of the peak
      anonMB: reading.anon / 2 ** 20,
      lost: check.lost,
      torn: check.torn,
      disordered: check.disordered,
      code: done?.exit.code ?? null,
    };
  };
}

export const workloads = {
  throughput: (s) => ({
    title: `throughput: ${s.procs} processes × ${s.lines.toLocaleString('en')} lines of ${s.bytes} B`,
    rounds: s.rounds,
    run: outputRun({ ...s, child: 'node', capMs: 120000 }),
  }),

  startup: (s) => ({
    title: 'start-up: launch to the first byte of child output (1 process, `echo READY`)',
    rounds: s.rounds,
    run: async (contender, dir) => {
      const list = [{ name: 'p1', cmd: 'echo READY' }];
      contender.prepare(dir, list);
      const run = launch(contender, dir, list);
      let seen = '';
      let readyAt;
      run.onData((data, t) => {
        if (readyAt !== undefined) return;
        seen += data.toString('latin1');
        if (/(^|[ \]|])READY$/m.test(seen)) readyAt = t;
      });
      const done = await finish(run, 10000);
      return { ok: readyAt !== undefined && done !== undefined, firstByteMs: readyAt === undefined ? NaN : readyAt - run.t0 };
    },
  }),

  shutdown: (s, count, grandchildren) => ({
    title: `shutdown: ${count} idle children${grandchildren ? ', each with a grandchild' : ''}, Ctrl-C`,
    rounds: s.rounds,
    run: (contender, dir) => shutdownRun(contender, dir, count, grandchildren, s.capMs),
  }),

  scale: (s) => ({
    title: `scale: ${s.procs} processes × a line every 10 ms (${s.lines} lines each)`,
    rounds: s.rounds,
    run: outputRun({ ...s, child: 'tick', capMs: 120000 }),
  }),

  big: (s) => ({
    title: `big lines: ${s.procs} processes × ${s.lines} lines of ${s.bytes / 1024} KiB`,
    rounds: s.rounds,
    run: outputRun({ ...s, child: 'node', capMs: 60000 }),
  }),
};

/** How long after the manager exits its children may take to go before they count as orphans. */
const ORPHAN_GRACE_MS = 1000;

/**
 * Starts `count` idle children (each prints its pid, then sleeps; with
 * grandchildren, a background sleep too), records every process below the
 * manager, sends SIGINT to the manager's process group (what Ctrl-C does),
 * and times until the manager and every recorded process are gone.
 */
async function shutdownRun(contender, dir, count, grandchildren, capMs) {
  const cmd = grandchildren ? `sh -c 'sleep 1000 & echo PID $!; echo PID $$; exec sleep 1000'` : 'echo PID $$; exec sleep 1000';
  const list = Array.from({ length: count }, (_, i) => ({ name: `p${i + 1}`, cmd }));
  contender.prepare(dir, list);
  const run = launch(contender, dir, list);
  const printed = new Set();
  let carry = '';
  run.onData((data) => {
    const text = carry + data.toString('latin1');
    for (const match of text.matchAll(/PID (\d+)\n/g)) printed.add(Number(match[1]));
    carry = text.slice(text.lastIndexOf('\n') + 1);
  });
  const want = count * (grandchildren ? 2 : 1);
  const readyBy = performance.now() + 30000;
  while (printed.size < want && performance.now() < readyBy) await sleep(10);
  await sleep(300); // let the manager finish starting up
  const recorded = [...new Set([...printed, ...descendants(run.pid)])].filter((pid) => pid !== run.pid);
  if (printed.size < want) {
    killAll([run.pid, ...recorded]);
    run.close();
    return { ok: false, error: `only ${printed.size} of ${want} children started` };
  }
  let exit;
  run.exited.then((e) => (exit = e));
  const t0 = performance.now();
  run.signalGroup('SIGINT');
  const remaining = [...recorded];
  let goneAt;
  let orphans = 0;
  let never = false;
  for (;;) {
    while (remaining.length > 0 && !alive(remaining[0])) remaining.shift();
    const now = performance.now();
    if (remaining.length === 0 && goneAt === undefined) goneAt = now;
    if (exit && remaining.length === 0) break;
    if (exit && now - exit.t > ORPHAN_GRACE_MS) {
      orphans = remaining.filter(alive).length;
      never = orphans > 0;
      break;
    }
    if (now - t0 > capMs) {
      orphans = remaining.filter(alive).length;
      never = true;
      break;
    }
    await sleep(2);
  }
  const managerLeft = exit === undefined;
  killAll([...recorded, ...(managerLeft ? [run.pid] : [])]);
  run.close();
  if (managerLeft) await within(run.exited, 2000);
  return {
    ok: true,
    stopMs: never ? Infinity : Math.max(exit.t, goneAt) - t0,
    managerMs: exit ? exit.t - t0 : Infinity,
    orphans,
    managerLeft,
    recorded: recorded.length,
  };
}
