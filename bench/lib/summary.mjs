// Medians, ranges and ratios to the floor; procman's targets checked against them.

/** Which numbers each workload reports; `count`s are summed over rounds, the rest summarised. */
export const METRICS = {
  throughput: ['wallMs', 'exitMs', 'cpuPerMLinesS', 'rssMB', 'anonMB', 'lost:count', 'torn:count', 'disordered:count'],
  startup: ['firstByteMs'],
  shutdown: ['stopMs', 'managerMs', 'orphans:count'],
  scale: ['wallMs', 'cpuS', 'rssMB', 'anonMB', 'lost:count', 'torn:count', 'disordered:count'],
  big: ['wallMs', 'cpuS', 'rssMB', 'lost:count', 'torn:count', 'disordered:count'],
};

export const kindOf = (workload) => workload.replace(/-.*/, '');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function stats(values) {
  const numbers = values.filter((v) => typeof v === 'number' && !Number.isNaN(v));
  if (numbers.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  return { median: median(numbers), min: Math.min(...numbers), max: Math.max(...numbers), n: numbers.length };
}

export function summarise(results, contenders) {
  const summary = {};
  for (const [workload, { title, runs }] of Object.entries(results)) {
    summary[workload] = { title, by: {} };
    for (const { id } of contenders) {
      const list = runs[id] ?? [];
      const good = list.filter((r) => r.ok);
      const entry = {
        rounds: list.length,
        failed: list.length - good.length,
        errors: [...new Set(list.filter((r) => !r.ok).map((r) => r.error))],
        leftover: list.reduce((n, r) => n + (r.leftover ?? 0), 0),
      };
      for (const metric of METRICS[kindOf(workload)]) {
        const [key, kind] = metric.split(':');
        entry[key] = kind === 'count' ? good.reduce((n, r) => n + (r[key] ?? 0), 0) : stats(good.map((r) => r[key]));
      }
      summary[workload].by[id] = entry;
    }
    const floor = summary[workload].by.floor;
    for (const entry of Object.values(summary[workload].by)) {
      for (const key of ['wallMs', 'firstByteMs', 'stopMs']) {
        if (entry[key] && floor?.[key]) entry[key].ratio = entry[key].median / floor[key].median;
      }
    }
  }
  return summary;
}

const mb = (n) => `${n.toFixed(1)} MB`;
const ms = (n) => (n === Infinity ? 'never' : `${n.toFixed(1)} ms`);

/** procman against the targets of the issue. `correctness` ones make the run fail. */
export function evaluate(summary, quick) {
  const verdicts = [];
  const add = (target, actual, pass, correctness = false) => verdicts.push({ target, actual, pass, correctness });
  const p = (w) => summary[w]?.by.procman;
  const floor = (w) => summary[w]?.by.floor;

  // procman's correctness, in both console formats
  for (const [id, tag] of [
    ['procman', ''],
    ['procman-ndjson', ' (ndjson)'],
  ]) {
    for (const [workload, entry] of Object.entries(summary)) {
      const own = entry.by[id];
      if (!own || own.rounds === 0) continue;
      const name = `${workload}${tag}`;
      if (own.failed > 0)
        add(`${name}: every run completes`, `${own.failed} of ${own.rounds} failed: ${own.errors.join('; ')}`, false, true);
      for (const key of ['lost', 'torn', 'disordered', 'orphans']) {
        if (own[key] !== undefined) add(`${name}: 0 ${key}`, String(own[key]), own[key] === 0, true);
      }
      if (own.leftover > 0) add(`${name}: no process left behind`, `${own.leftover} left`, false, true);
    }
  }
  if (p('throughput')) {
    const t = p('throughput');
    if (floor('throughput')) add('throughput: wall ≤ 2× floor', `×${t.wallMs.ratio.toFixed(2)}`, t.wallMs.ratio <= 2);
    add('throughput: manager CPU ≤ 0.20 s per million lines', `${t.cpuPerMLinesS.median.toFixed(3)} s`, t.cpuPerMLinesS.median <= 0.2);
    add('throughput: peak RSS ≤ 50 MB', `${mb(t.rssMB.median)} (anonymous ${mb(t.anonMB.median)})`, t.rssMB.median <= 50);
    const n = summary.throughput.by['procman-ndjson'];
    if (n) {
      const ratio = n.cpuPerMLinesS.median / t.cpuPerMLinesS.median;
      const actual = `×${ratio.toFixed(2)} (${n.cpuPerMLinesS.median.toFixed(3)} s vs ${t.cpuPerMLinesS.median.toFixed(3)} s per million lines)`;
      add('throughput: NDJSON manager CPU ≤ 1.5× text', actual, ratio <= 1.5);
    }
  }
  if (p('startup') && floor('startup')) {
    const own = p('startup').firstByteMs.median;
    const extra = own - floor('startup').firstByteMs.median;
    const node = summary.startup.by.node?.firstByteMs.median;
    const beyondNode = node === undefined ? '' : ` (Node alone: floor + ${(node - floor('startup').firstByteMs.median).toFixed(1)} ms)`;
    add('start-up: first child byte ≤ floor + 60 ms', `floor + ${extra.toFixed(1)} ms${beyondNode}`, extra <= 60);
    const nf = summary.startup.by.nf?.firstByteMs.median;
    if (nf !== undefined) add('start-up: first child byte ≤ node-foreman', `${ms(own)} vs ${ms(nf)}`, own <= nf);
  }
  for (const [workload, entry] of Object.entries(summary)) {
    if (!workload.startsWith('shutdown') || !entry.by.procman) continue;
    const stop = entry.by.procman.stopMs;
    const never = stop.max === Infinity;
    add(`${workload}: stop < 50 ms`, never ? 'never' : ms(stop.median), !never && stop.median < 50);
    add(`${workload}: stops every time`, never ? 'never' : 'yes', !never, true);
  }
  if (p('scale')) {
    const s = p('scale');
    const nf = summary.scale.by.nf;
    if (nf)
      add(
        'scale: manager CPU ≤ ½ node-foreman',
        `${s.cpuS.median.toFixed(2)} s vs ${nf.cpuS.median.toFixed(2)} s`,
        s.cpuS.median <= nf.cpuS.median / 2,
      );
    add('scale: peak RSS ≤ 60 MB', `${mb(s.rssMB.median)} (anonymous ${mb(s.anonMB.median)})`, s.rssMB.median <= 60);
  }
  if (p('big')) add('big lines: peak RSS ≤ 100 MB', mb(p('big').rssMB.median), p('big').rssMB.median <= 100);
  if (quick) for (const v of verdicts) if (!v.correctness) v.note = 'quick run: sizes too small to judge';
  return verdicts;
}
