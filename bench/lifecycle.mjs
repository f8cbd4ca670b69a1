// What the lifecycle features cost, each against a baseline run in the same invocation:
//   probing: 100 processes for a fixed time with `--ready all=port` (none listens, so every
//            port is probed the whole time) against the same run without --ready: manager CPU.
//   restart: a process that exits at once, with --restart: from its last line to the next
//            process's first line, less the 1 s backoff, against a shell loop respawning it.
//
//   npm run build && node bench/lifecycle.mjs      (about a minute; BENCH_QUICK=1: a few seconds)
// Writes bench/results/lifecycle.json and prints a table. Needs Linux (/proc).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_ENV } from './lib/launch.mjs';
import { descendants, killAll, usage } from './lib/proc.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/procman.js');
const quick = process.env.BENCH_QUICK === '1';
const rounds = quick ? 1 : 3;
const probeSeconds = quick ? 2 : 8;
const BACKOFF_MS = 1000;
const root = mkdtempSync(join(tmpdir(), 'procman-lifecycle-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs procman in dir with args; calls onLine(line, t) for each output line; returns { child, exited }. */
function procman(dir, args, onLine = () => {}) {
  const child = spawn(process.execPath, [BIN, 'start', '--no-color', '--no-timestamp', ...args], {
    cwd: dir,
    env: BENCH_ENV,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let carry = '';
  child.stdout.on('data', (data) => {
    const t = performance.now();
    const lines = (carry + data.toString()).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) onLine(line, t);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited };
}

async function stop(run) {
  const pids = [run.child.pid, ...descendants(run.child.pid)];
  run.child.kill('SIGINT');
  const timer = setTimeout(() => killAll(pids), 10_000);
  await run.exited;
  clearTimeout(timer);
  killAll(pids.filter((pid) => pid !== run.child.pid));
}

/** Manager CPU seconds over `seconds` with 100 idle processes, with and without port probing. */
async function probing(withReady) {
  const dir = join(root, `probe-${withReady}-${performance.now()}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'Procfile'), Array.from({ length: 100 }, (_, i) => `p${i}: exec sleep 1000\n`).join(''));
  let started = 0;
  const run = procman(dir, ['-p', '30000', '--no-port-check', ...(withReady ? ['--ready', 'all=port'] : [])], (line) => {
    if (/started with pid/.test(line)) started++;
  });
  while (started < 100) await sleep(20);
  const before = usage(run.child.pid)?.cpu ?? NaN;
  await sleep(probeSeconds * 1000);
  const after = usage(run.child.pid)?.cpu ?? NaN;
  await stop(run);
  return after - before;
}

/** procman: from a crashing process's last line to the restarted one's first line, less the backoff. */
async function procmanRestart() {
  const dir = join(root, `restart-${performance.now()}`);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'Procfile'),
    `w: exec ${process.execPath} -e "console.log('hello ' + process.pid); console.log('bye'); process.exit(1)"\n`,
  );
  let byeAt;
  let helloCount = 0;
  let latency;
  const run = procman(dir, ['--restart', 'w', '--no-port-check'], (line, t) => {
    if (/\| bye$/.test(line) && byeAt === undefined) byeAt = t;
    if (/\| hello \d+$/.test(line) && ++helloCount === 2) latency = t - byeAt - BACKOFF_MS;
  });
  while (latency === undefined) await sleep(5);
  await stop(run);
  return latency;
}

/** The floor: a shell loop respawning the same process, from its last line to the next one's first. */
async function shellRestart() {
  const script = `for i in 1 2; do ${process.execPath} -e "console.log('hello ' + process.pid); console.log('bye'); process.exit(1)"; done`;
  const child = spawn('/bin/sh', ['-c', script], { env: BENCH_ENV, stdio: ['ignore', 'pipe', 'inherit'] });
  let byeAt;
  let latency;
  let hellos = 0;
  child.stdout.on('data', (data) => {
    const t = performance.now();
    for (const line of data.toString().split('\n')) {
      if (line === 'bye' && byeAt === undefined) byeAt = t;
      if (/^hello \d+$/.test(line) && ++hellos === 2) latency = t - byeAt;
    }
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return latency;
}

const results = { probing: { without: [], with: [] }, restart: { procman: [], floor: [] } };
try {
  for (let round = 0; round < rounds; round++) {
    results.probing.without.push(await probing(false));
    results.probing.with.push(await probing(true));
    results.restart.procman.push(await procmanRestart());
    results.restart.floor.push(await shellRestart());
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const cpuWithout = median(results.probing.without);
const cpuWith = median(results.probing.with);
const restart = median(results.restart.procman);
const floor = median(results.restart.floor);
const summary = {
  date: new Date().toISOString(),
  rounds,
  probeSeconds,
  probing: {
    withoutCpuS: cpuWithout,
    withCpuS: cpuWith,
    ratio: cpuWithout > 0 ? cpuWith / cpuWithout : null,
    extraCpuPercent: ((cpuWith - cpuWithout) / probeSeconds) * 100,
  },
  restart: { latencyMs: restart, floorMs: floor, ratio: restart / floor, backoffMs: BACKOFF_MS },
  raw: results,
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results', quick ? 'lifecycle-quick.json' : 'lifecycle.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`| figure | procman | baseline (same run) | ratio |
|---|---|---|---|
| 100 processes, ${probeSeconds} s: manager CPU with --ready all=port | ${cpuWith.toFixed(3)} s | ${cpuWithout.toFixed(3)} s without probing | ${cpuWithout > 0 ? `×${(cpuWith / cpuWithout).toFixed(2)}` : 'baseline 0'} (${summary.probing.extraCpuPercent.toFixed(2)} % of a core more) |
| restart latency: last line to the new process's first line, less the ${BACKOFF_MS} ms backoff | ${restart.toFixed(1)} ms | ${floor.toFixed(1)} ms for a shell loop | ×${(restart / floor).toFixed(2)} |`);
