// procman's benchmark: every workload, every contender, interleaved round by
// round (A B C A B C ...) so drift of the machine hits everyone alike. Prints
// the table, writes bench/results/<name>.json and (full runs only)
// docs/benchmarks.md and docs/benchmarks.svg. Exits 1 if procman lost, tore
// or reordered a line, left a process behind, or failed a run.
//
//   npm run bench                      full run (about 6-8 minutes)
//   BENCH_QUICK=1 node bench/run.mjs   smoke run: tiny sizes, one round, docs untouched
//   BENCH_ONLY=throughput,startup      only these workloads (also: shutdown, scale, big)
//   BENCH_CONTENDERS=procman,floor     only these contenders (ids: procman procman-ndjson procman-base nf concurrently foreman node floor)
//   BENCH_BASELINE=<git rev>           also `procman-base`: procman built from that revision in a
//                                      temporary checkout (removed at the end), run like `procman`,
//                                      interleaved with the rest; adds an A/B table. Its correctness
//                                      figures are data (only `procman` fails the run). Writes
//                                      bench/results/ab.json (quick.json if quick), never the docs.
//
// A/B against the previous commit (throughput wall, manager CPU and RSS, start-up, shutdown):
//   npm run build && BENCH_BASELINE=HEAD~1 BENCH_CONTENDERS=procman,procman-base,floor \
//     BENCH_ONLY=throughput,startup,shutdown node bench/run.mjs
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineContender, removeBaselines } from './lib/baseline.mjs';
import { contenders, ROOT } from './lib/contenders.mjs';
import { killAll } from './lib/proc.mjs';
import { markdown, printTable, svg } from './lib/report.mjs';
import { evaluate, kindOf, summarise } from './lib/summary.mjs';
import { sizes, workloads } from './lib/workloads.mjs';

const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const pick = process.env.BENCH_CONTENDERS?.split(',').filter(Boolean);
const baseline = process.env.BENCH_BASELINE || undefined;
const size = sizes(quick);

const { list: all, notes } = contenders();
if (pick?.includes('procman-base') && !baseline) {
  console.error('BENCH_CONTENDERS names procman-base: set BENCH_BASELINE=<git rev> to build it');
  process.exit(2);
}
const root = mkdtempSync(join(tmpdir(), 'procman-bench-'));
let serial = 0;

/** Processes still running in one of our temp folders: by their cwd, killed by pid. */
function leftovers() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(root)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

const plan = [
  ['throughput', workloads.throughput(size.throughput)],
  ['startup', workloads.startup(size.startup)],
  ...size.shutdown.counts.map((n) => [`shutdown-${n}`, workloads.shutdown(size.shutdown, n, false)]),
  [`shutdown-${size.shutdown.grandchildren}-gc`, workloads.shutdown(size.shutdown, size.shutdown.grandchildren, true)],
  ['scale', workloads.scale(size.scale)],
  ['big', workloads.big(size.big)],
].filter(([id]) => !only || only.some((o) => id.startsWith(o)));

// the baseline's temporary checkout goes on every way out (end, failure, exit(1), signals)
process.on('exit', removeBaselines);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    killAll(leftovers());
    rmSync(root, { recursive: true, force: true });
    process.exit(code);
  });
}

if (baseline && (!pick || pick.includes('procman-base'))) {
  try {
    // right after procman, so the two run back to back in every round
    all.splice(all.findIndex((c) => c.id === 'procman') + 1, 0, baselineContender(baseline));
  } catch (error) {
    console.error(error.message);
    rmSync(root, { recursive: true, force: true });
    process.exit(2);
  }
} else if (baseline) {
  console.error(`BENCH_BASELINE=${baseline} ignored: procman-base is not in BENCH_CONTENDERS`);
}
const list = pick ? all.filter((c) => pick.includes(c.id)) : all;
const withBase = list.some((c) => c.id === 'procman-base');

const results = {};
const started = new Date();

for (const [id, workload] of plan) {
  console.error(`\n${workload.title} — ${workload.rounds} round(s), ${list.map((c) => c.id).join(' ')}`);
  results[id] = { title: workload.title, runs: Object.fromEntries(list.map((c) => [c.id, []])) };
  const gaveUp = new Set();
  for (let round = 0; round < workload.rounds; round++) {
    for (const contender of list) {
      if (gaveUp.has(contender.id)) continue;
      // a contender for output only (procman-ndjson: the other workloads read text) skips the rest
      if (contender.workloads && !contender.workloads.includes(kindOf(id))) continue;
      const dir = join(root, `${id}-${contender.id}-${++serial}`);
      mkdirSync(dir);
      let result;
      try {
        result = await workload.run(contender, dir);
      } catch (error) {
        result = { ok: false, error: String(error?.stack ?? error) };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const left = leftovers();
      if (left.length > 0) {
        result.leftover = left.length;
        killAll(left);
      }
      results[id].runs[contender.id].push(result);
      process.stderr.write(`  ${contender.id}: ${brief(result)}\n`);
      // a manager that never stops costs the whole cap each round: measure it once
      if (result.stopMs === Infinity) gaveUp.add(contender.id);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
killAll(leftovers());
rmSync(root, { recursive: true, force: true });
removeBaselines();

function brief(r) {
  if (!r.ok) return `FAILED ${r.error ?? ''}`;
  const parts = [];
  for (const [k, v] of Object.entries(r)) {
    if (k === 'ok' || v === null) continue;
    parts.push(`${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(k.endsWith('S') ? 3 : 1) : v}`);
  }
  return parts.join(' ');
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  kernel: `${process.platform} ${(await import('node:os')).release()}`,
};
const summary = summarise(results, list);
const verdicts = evaluate(summary, quick);
const report = {
  date: started.toISOString(),
  durationS: Math.round((Date.now() - started.getTime()) / 1000),
  quick,
  machine,
  sizes: size,
  contenders: list.map(({ id, label, version }) => ({ id, label, version })),
  ...(withBase ? { baseline } : {}),
  notes,
  summary,
  verdicts,
  results,
};

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const name = quick ? 'quick' : withBase ? 'ab' : 'latest';
writeFileSync(join(ROOT, `bench/results/${name}.json`), `${JSON.stringify(report, replacer, 1)}\n`);
// the docs show a full run of this checkout against the others, nothing less
if (!quick && !only && !pick && !baseline) {
  writeFileSync(join(ROOT, 'docs/benchmarks.md'), markdown(report));
  writeFileSync(join(ROOT, 'docs/benchmarks.svg'), svg(report));
}
console.log(printTable(report));

const failures = verdicts.filter((v) => v.correctness && !v.pass);
if (failures.length > 0) {
  console.error(`\nprocman FAILED correctness checks:\n${failures.map((f) => `  - ${f.target}: ${f.actual}`).join('\n')}`);
  process.exit(1);
}

function replacer(_key, value) {
  return value === Infinity ? 'never' : typeof value === 'number' && !Number.isInteger(value) ? Number(value.toFixed(4)) : value;
}
