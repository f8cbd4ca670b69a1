// The results as text: the console table, docs/benchmarks.md, and a
// hand-written SVG bar chart of the ratios to the floor (log scale).
import { kindOf } from './summary.mjs';

const TIME_COLUMNS = [
  ['throughput', 'wallMs', 'throughput wall'],
  ['startup', 'firstByteMs', 'start-up'],
  ['shutdown-10', 'stopMs', 'shutdown 10'],
  ['shutdown-100', 'stopMs', 'shutdown 100'],
  ['shutdown-10-gc', 'stopMs', 'shutdown 10 + grandchildren'],
  ['scale', 'wallMs', 'scale wall'],
  ['big', 'wallMs', 'big lines wall'],
];

function timeColumns(summary) {
  const present = TIME_COLUMNS.filter(([w]) => summary[w]);
  // quick runs use other shutdown sizes: take whatever shutdown workloads ran
  for (const w of Object.keys(summary)) {
    if (w.startsWith('shutdown') && !present.some(([p]) => p === w)) {
      present.push([w, 'stopMs', w.replace('shutdown-', 'shutdown ').replace('-gc', ' + grandchildren')]);
    }
  }
  return present;
}

export function formatMs(n) {
  if (n === Infinity) return 'never';
  if (Number.isNaN(n) || n === undefined) return '–';
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : n >= 10 ? `${n.toFixed(0)} ms` : `${n.toFixed(1)} ms`;
}

const ratio = (r) => (r === undefined || Number.isNaN(r) ? '' : r === Infinity ? '' : ` ×${r >= 10 ? r.toFixed(0) : r.toFixed(2)}`);
const num = (n, digits) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

function timeCell(entry, key, range) {
  const s = entry?.[key];
  if (!entry || entry.rounds === 0) return 'skipped';
  if (!s || s.n === 0) return entry.failed ? `failed (${entry.failed}/${entry.rounds})` : '–';
  const spread = range && s.n > 1 && s.max !== Infinity ? ` (${formatMs(s.min)}–${formatMs(s.max)})` : '';
  const partial = s.max === Infinity && s.median !== Infinity ? ` (never in ${entry.rounds - s.n + 1})` : '';
  return `${formatMs(s.median)}${ratio(s.ratio)}${spread}${partial}`;
}

function costRows(report) {
  const { summary, contenders } = report;
  return contenders.map(({ id, label }) => {
    // the floor has no manager: its `sh` costs nothing worth a figure
    if (id === 'floor') return [label, '–', '–', '–', '–', '–', '–'];
    const t = summary.throughput?.by[id];
    const s = summary.scale?.by[id];
    const b = summary.big?.by[id];
    return [
      label,
      t ? num(t.cpuPerMLinesS.median, 3) : '–',
      t ? num(t.rssMB.median, 1) : '–',
      s ? num(s.cpuS.median, 2) : '–',
      s ? num(s.rssMB.median, 1) : '–',
      b ? num(b.cpuS.median, 2) : '–',
      b ? num(b.rssMB.median, 1) : '–',
    ];
  });
}

function correctnessRows(report) {
  const { summary, contenders } = report;
  const outputs = ['throughput', 'scale', 'big'].filter((w) => summary[w]);
  const shutdowns = Object.keys(summary).filter((w) => w.startsWith('shutdown'));
  const header = [
    'contender',
    ...outputs.map((w) => `${w === 'big' ? 'big lines' : w} lost / torn`),
    ...shutdowns.map((w) => `${w.replace('shutdown-', 'shutdown ').replace('-gc', '+gc')} left`),
  ];
  const rows = contenders.map(({ id, label }) => [
    label,
    ...outputs.map((w) => {
      const e = summary[w].by[id];
      if (!e || e.rounds === 0) return 'skipped';
      const total = e.rounds - e.failed;
      return `${e.lost} / ${e.torn}${e.disordered ? ` (+${e.disordered} out of order)` : ''}${total > 1 ? ` in ${total} runs` : ''}`;
    }),
    ...shutdowns.map((w) => {
      const e = summary[w].by[id];
      if (!e || e.rounds === 0) return 'skipped';
      return String(e.orphans + e.leftover);
    }),
  ]);
  return [header, rows];
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function timeTable(report, range) {
  const cols = timeColumns(report.summary);
  const header = ['contender', ...cols.map(([, , label]) => label)];
  const rows = report.contenders.map(({ id, label }) => [label, ...cols.map(([w, key]) => timeCell(report.summary[w].by[id], key, range))]);
  return table(header, rows);
}

const COST_HEADER = [
  'contender',
  'throughput CPU s / M lines',
  'throughput peak RSS MB',
  'scale CPU s',
  'scale peak RSS MB',
  'big lines CPU s',
  'big lines peak RSS MB',
];

function verdictTable(report) {
  return table(
    ['target', 'procman', 'met'],
    report.verdicts.map((v) => [v.target, v.actual, v.pass ? 'yes' : v.note ? `no (${v.note})` : '**no**']),
  );
}

/** What the A/B table compares, by kind of workload: [metric, label, format]. */
const AB_METRICS = {
  throughput: [
    ['wallMs', 'wall', formatMs],
    ['cpuPerMLinesS', 'manager CPU s / M lines', (n) => num(n, 3)],
    ['rssMB', 'manager peak RSS MB', (n) => num(n, 1)],
  ],
  startup: [['firstByteMs', 'first byte', formatMs]],
  shutdown: [['stopMs', 'stop', formatMs]],
  scale: [
    ['wallMs', 'wall', formatMs],
    ['cpuS', 'manager CPU s', (n) => num(n, 2)],
    ['rssMB', 'manager peak RSS MB', (n) => num(n, 1)],
  ],
  big: [
    ['wallMs', 'wall', formatMs],
    ['cpuS', 'manager CPU s', (n) => num(n, 2)],
    ['rssMB', 'manager peak RSS MB', (n) => num(n, 1)],
  ],
};

/**
 * procman against procman-base (BENCH_BASELINE), metric by metric: medians
 * with their ranges, the ratio of medians, and whether the ranges overlap
 * (apart = every round of one beat every round of the other).
 */
function abTable(report) {
  const base = report.contenders.find((c) => c.id === 'procman-base');
  const own = report.contenders.find((c) => c.id === 'procman');
  if (!base || !own) return undefined;
  const rows = [];
  for (const [w, { by }] of Object.entries(report.summary)) {
    for (const [key, label, format] of AB_METRICS[kindOf(w)] ?? []) {
      const a = by.procman?.[key];
      const b = by['procman-base']?.[key];
      const cell = (s) => (!s || s.n === 0 ? 'failed' : `${format(s.median)}${s.n > 1 ? ` (${format(s.min)}–${format(s.max)})` : ''}`);
      const finite = a && b && a.n > 0 && b.n > 0 && Number.isFinite(a.median) && Number.isFinite(b.median) && b.median > 0;
      let ranges = '–';
      if (a?.n > 0 && b?.n > 0) {
        if (a.n < 2 || b.n < 2) ranges = '1 round: no range';
        else if (a.min > b.max) ranges = '**apart: procman worse**';
        else if (a.max < b.min) ranges = 'apart: procman better';
        else ranges = 'overlap';
      }
      rows.push([`${w} ${label}`, cell(a), cell(b), finite ? `×${(a.median / b.median).toFixed(2)}` : '–', ranges]);
    }
  }
  return table(['measure', own.label, base.label, `${own.label} / ${base.label}`, 'ranges (min–max)'], rows);
}

/** The figures of issue 12, procman's median divided by each peer's, same run (below 1: procman is ahead). */
const PEER_FIGURES = [
  ['throughput', 'wallMs', 'throughput wall'],
  ['throughput', 'cpuPerMLinesS', 'manager CPU per million lines'],
  ['throughput', 'rssMB', 'peak RSS (throughput)'],
  ['startup', 'firstByteMs', 'first child byte'],
  ['scale', 'cpuS', '100 chatty processes: manager CPU'],
  ['scale', 'rssMB', '100 chatty processes: peak RSS'],
];
const PEERS = ['nf', 'concurrently', 'foreman'];

function peerTable(report) {
  const { summary, contenders } = report;
  const peers = PEERS.map((id) => contenders.find((c) => c.id === id)).filter(Boolean);
  if (peers.length === 0 || !summary) return undefined;
  const rows = [];
  for (const [workload, key, label] of PEER_FIGURES) {
    const own = summary[workload]?.by.procman?.[key]?.median;
    if (own === undefined || Number.isNaN(own)) continue;
    rows.push([
      label,
      ...peers.map(({ id }) => {
        const theirs = summary[workload]?.by[id]?.[key]?.median;
        return theirs === undefined || Number.isNaN(theirs) || theirs === 0 || theirs === Infinity ? '–' : `×${(own / theirs).toFixed(2)}`;
      }),
    ]);
  }
  return rows.length === 0 ? undefined : table(['figure: procman ÷', ...peers.map((p) => p.label)], rows);
}

/** For the console: plain markdown tables, readable as text. */
export function printTable(report) {
  const ab = abTable(report);
  const base = report.contenders.find((c) => c.id === 'procman-base');
  return [
    '',
    `Medians${report.quick ? ' (QUICK run: tiny sizes, not comparable)' : ''}; ×N = ratio to the floor.`,
    timeTable(report, false),
    '',
    'Manager cost (the manager process only, not its children):',
    table(COST_HEADER, costRows(report)),
    '',
    'Correctness (lines lost / torn summed over all rounds; processes left after shutdown):',
    table(...correctnessRows(report)),
    '',
    ...(peerTable(report)
      ? ['procman against its peers (ratio of medians, same run; below 1: procman ahead):', peerTable(report), '']
      : []),
    ...(ab ? [`A/B: procman against ${base.label} (${base.version}), medians (min–max):`, ab, ''] : []),
    'procman targets:',
    verdictTable(report),
    ...report.notes.map((n) => `note: ${n}`),
    '',
  ].join('\n');
}

export function markdown(report) {
  const { machine, sizes: s, contenders } = report;
  const date = report.date.slice(0, 16).replace('T', ' ');
  return `# Benchmarks

procman sits between every line your processes print and your eyes. This
benchmark measures what that costs against the tools people would use
instead, in one run: \`npm run bench\`.

![Ratios to the floor](benchmarks.svg)

Run of ${date} UTC, ${report.durationS} s in all, on ${machine.cores} × ${machine.cpu}
(${machine.kernel}), Node ${machine.node}. **Caveat:** on a small (often
virtual) machine absolute figures are noisy; every workload runs its
contenders interleaved (A B C A B C ...) so drift hits all of them alike, and
the ratios are the figures to read.

| contender | version |
|---|---|
${contenders.map((c) => `| ${c.label} | ${c.version} |`).join('\n')}
${report.notes.map((n) => `\n${n}\n`).join('')}
## Time

Median (min–max over the rounds), ×N = ratio of medians to the floor.

${timeTable(report, true)}

## Manager cost

CPU (user + system) and peak RSS of the manager process alone, medians.

${table(COST_HEADER, costRows(report))}

## Against the peers

procman's median divided by each peer's, in this run (below 1: procman is ahead).

${peerTable(report) ?? 'No peer ran.'}

## Correctness

Lines lost / torn summed over all rounds of a workload; for shutdown, the
processes still alive once the manager was gone (or after the cap). procman
must have 0 everywhere: the benchmark exits non-zero otherwise. The other
contenders' figures are data.

${table(...correctnessRows(report))}

## procman against its targets

${verdictTable(report)}

## The workloads

Each run gets a fresh folder with a generated Procfile (or command list, or
\`floor.sh\`). The manager's stdout is a FIFO that the benchmark reads to the
end: a real pipe, not a TTY. Its stderr goes to a file. Colour is off
(\`--no-color\` for procman and concurrently, \`NO_COLOR=1 FORCE_COLOR=0\` for
all). \`NODE_EXTRA_CA_CERTS\` is unset for every contender: where it is set,
Node 20 parses that CA bundle at each start, before a manager's first line
of code (37 ms a start on the machine of the last run, which sets it), and
\`node -e\` (Node alone, start-up only) shows what Node's own start costs.
Children are \`bench/children/lines.mjs\` (Node, writes whole lines in
chunks of at most 4 KiB and waits for \`drain\`) or
\`bench/children/barrier-tick.sh\` (bash). Every line is
\`Q<id>:<seq>:<letters>\`, so the checker knows the exact text of each line.

1. **throughput**: ${s.throughput.procs} processes print ${s.throughput.lines.toLocaleString('en')} lines of ${s.throughput.bytes} bytes each,
   then wait at a barrier (a file per child in a shared folder) until all are
   done printing, then exit; without the barrier the first exit makes the
   Foreman-style managers stop the others mid-output. *Wall*: from launch to
   the arrival of the last intact child line. ${s.throughput.rounds} rounds.
2. **start-up**: one process, \`echo READY\`; from launch to the arrival of
   \`READY\`. Floor: \`sh -c 'echo READY & wait'\`. ${s.startup.rounds} rounds.
3. **shutdown**: ${s.shutdown.counts.join(' and ')} children \`echo PID $$; exec sleep 1000\`, and
   ${s.shutdown.grandchildren} children \`sh -c 'sleep 1000 & echo PID $!; echo PID $$; exec sleep 1000'\`
   (a grandchild each). Once every pid is printed (+300 ms), every process
   below the manager is recorded (printed pids and a walk of \`/proc\`
   ppid links), then SIGINT goes to the manager's process group, as Ctrl-C
   does in a terminal (each manager is started in its own session). *Stop*:
   until the manager has exited and every recorded pid is gone (a zombie
   counts as gone: PID 1 here does not reap orphans), polled every 2 ms.
   Processes still alive 1 s after the manager exited are *left*; a manager
   still running after ${s.shutdown.capMs / 1000} s is *never*, and is not run again for that workload.
   Everything recorded is then killed by pid. Floor: \`floor.sh\` traps INT,
   ignores TERM itself and sends TERM to its process group. ${s.shutdown.rounds} rounds.
4. **scale**: ${s.scale.procs} bash processes print a ${s.scale.bytes}-byte line every 10 ms (\`read -t 0.01\`,
   no fork per line), ${s.scale.lines} lines each, then the same barrier. ${s.scale.rounds} rounds.
5. **big lines**: ${s.big.procs} processes print ${s.big.lines} lines of ${s.big.bytes / 1024} KiB each (one write per
   line), then the barrier. ${s.big.rounds} rounds. The floor's children share one pipe, where
   writes over PIPE_BUF (4 KiB) are not guaranteed atomic: the floor may tear
   lines here (a manager's job is to make sure that never happens).

**Contenders.** procman: \`node bin/procman.js start -f Procfile --no-color\`
(the built CLI). procman --format ndjson (id \`procman-ndjson\`): the same with
\`--format ndjson\` instead of \`--no-color\`, in the output workloads (throughput,
scale, big lines); its checker parses every record. node-foreman: \`node node_modules/foreman/nf.js start -j
Procfile\` (its \`-f\` is a forward-proxy option, not the Procfile). concurrently:
the same commands as arguments, \`--names p1,p2,... --prefix [{name}]
--no-color\`. Foreman (Ruby): \`foreman start -f Procfile\`, run as
\`ruby /usr/bin/foreman\`, only when \`foreman\` is on PATH. Floor: the same
children under \`sh floor.sh\` (\`cmd &\` per child, then \`wait\`) writing
straight into the FIFO. Node managers run as \`node <script>\` so the pid
watched is the manager itself.

**Manager CPU and peak RSS.** \`/usr/bin/time\` would add the CPU of every
child the manager reaped, so instead the benchmark reads the manager's own
\`/proc/<pid>/stat\` (utime + stime, all threads, children excluded, in
\`getconf CLK_TCK\` ticks) and \`/proc/<pid>/status\` (VmHWM) every 20 ms and
keeps the last reading before it exits, so up to 20 ms of CPU at the very
end are not counted. The floor has no manager: no figures.

**Integrity.** The checker strips each manager's prefix (procman and Foreman
\`HH:MM:SS name.1 | \`, node-foreman \`h:mm:ss AM name.1 |  \`, concurrently
\`[name] \`; procman's NDJSON: each line parsed as JSON, its \`name\` and \`text\`), and counts a line *intact* when it is exactly the expected text,
under the right name, in order. *Lost* = expected lines never seen intact;
*torn* = lines holding child text that is not one whole expected line (cut,
glued to another, or wrapped: node-foreman wraps lines at 500 characters).

## Reproduce

\`\`\`sh
git clone <this repo> procman && cd procman
npm install                 # also builds dist/
npm run bench               # builds, runs everything (~${Math.max(1, Math.round(report.durationS / 60))} min), prints the tables,
                            # writes docs/benchmarks.md, docs/benchmarks.svg, bench/results/latest.json
BENCH_QUICK=1 node bench/run.mjs              # smoke run: tiny sizes, 1 round, docs untouched
BENCH_ONLY=shutdown BENCH_CONTENDERS=procman,floor node bench/run.mjs   # a subset
\`\`\`

Contender ids for \`BENCH_CONTENDERS\`: \`procman\`, \`procman-ndjson\` (procman
with \`--format ndjson\`; its correctness fails the run like procman's, and its
throughput CPU is checked against the text format's: at most 1.5×),
\`procman-base\` (below), \`nf\`, \`concurrently\`, \`foreman\`, \`floor\`.

Needs Linux (\`/proc\`), Node 20, \`sh\`, \`bash\`, \`mkfifo\`; Foreman (Ruby) is
used when \`foreman\` is on PATH (Debian/Ubuntu: \`apt-get install ruby-foreman\`)
and skipped with a note otherwise. The raw numbers of every round are in
\`bench/results/latest.json\`.

## A/B against another revision

A change to the runtime must show no regression beyond noise against the
previous commit, measured in the same run: throughput wall, manager CPU and
RSS, start-up, shutdown. \`BENCH_BASELINE=<git rev>\` adds a second procman,
\`procman-base\` (labelled \`procman @<short rev>\`), built from that revision,
and interleaves it with the others like any contender:

\`\`\`sh
npm run build               # procman itself runs this checkout's dist/
BENCH_BASELINE=HEAD~1 BENCH_CONTENDERS=procman,procman-base,floor \\
  BENCH_ONLY=throughput,startup,shutdown node bench/run.mjs
\`\`\`

\`BENCH_BASELINE=HEAD\` compares uncommitted changes with the last commit; on a
clean tree it is an A/A run, which shows how large the noise is. The revision
is unpacked with \`git archive\` into a temporary folder (not a worktree), which
gets this checkout's \`node_modules\` as a symlink when its \`package-lock.json\`
has the same dependencies (\`npm ci\` there otherwise), and is built there with
\`npm run build\`. It is removed at the end, on failure, and on Ctrl-C or
SIGTERM. \`procman-base\` runs that build's \`bin/procman.js\` with the same
flags, prefix and checks as \`procman\`, right after it in every round. Its
figures appear in every table, and the console adds an A/B table: both
medians with their min–max ranges, their ratio, and whether the ranges overlap.
Its correctness figures are data: only \`procman\` fails the run. Such a run
writes \`bench/results/ab.json\` (\`quick.json\` with \`BENCH_QUICK=1\`), never the
docs.
`;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLOURS = {
  procman: '#2f6fdf',
  'procman-ndjson': '#1b9e77',
  'procman-base': '#8fb3f0',
  nf: '#e07b39',
  concurrently: '#8a5cc2',
  foreman: '#c0392b',
  floor: '#7f8c8d',
};

/** Horizontal grouped bars, one group per time metric, log10 scale of the ratio to the floor. */
export function svg(report) {
  const cols = timeColumns(report.summary);
  const bars = report.contenders.filter((c) => c.id !== 'floor');
  const barH = 14;
  const groupH = bars.length * barH + 18;
  const left = 190;
  const width = 760;
  const plotW = width - left - 90;
  const top = 58;
  const plotBottom = top + cols.length * groupH;
  const height = plotBottom + 48;
  let maxRatio = 10;
  for (const [w, key] of cols) {
    for (const c of bars) {
      const r = report.summary[w].by[c.id]?.[key]?.ratio;
      if (r !== undefined && Number.isFinite(r)) maxRatio = Math.max(maxRatio, r);
    }
  }
  const decades = Math.ceil(Math.log10(maxRatio * 1.2));
  // ratios under 1 (faster than the floor, within noise) are drawn at 1
  const x = (r) => left + (Math.log10(Math.max(r, 1)) / decades) * plotW;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="12" y="22" font-size="15" font-weight="bold">Time as a multiple of the floor (plain sh &amp; wait), log scale: lower is better</text>`,
  );
  out.push(
    `<text x="12" y="40" fill="#555">${esc(`${report.date.slice(0, 10)}, ${report.machine.cores} cores, medians of interleaved rounds${report.quick ? ' (QUICK run: tiny sizes)' : ''}; docs/benchmarks.md has the figures`)}</text>`,
  );
  for (let d = 0; d <= decades; d++) {
    const gx = x(10 ** d);
    out.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${plotBottom}" stroke="${d === 0 ? '#333' : '#ddd'}"/>`);
    out.push(`<text x="${gx}" y="${plotBottom + 14}" text-anchor="middle" fill="#555" font-size="11">×${10 ** d}</text>`);
  }
  cols.forEach(([w, key, label], g) => {
    const gy = top + g * groupH;
    out.push(
      `<text x="${left - 8}" y="${gy + (bars.length * barH) / 2 + 4}" text-anchor="end" font-weight="bold" font-size="11">${esc(label)}</text>`,
    );
    bars.forEach((c, i) => {
      const by = gy + i * barH;
      const entry = report.summary[w].by[c.id];
      const s = entry?.[key];
      let text;
      let end;
      if (!entry || entry.rounds === 0) text = 'skipped';
      else if (!s || s.n === 0) text = 'failed';
      else if (s.median === Infinity) {
        end = left + plotW;
        text = 'never';
      } else if (s.ratio !== undefined && Number.isFinite(s.ratio)) {
        end = x(s.ratio);
        text = `×${s.ratio >= 10 ? s.ratio.toFixed(0) : s.ratio.toFixed(2)}  ${formatMs(s.median)}`;
      } else text = formatMs(s.median);
      if (end !== undefined) {
        const never = s.median === Infinity ? ' fill-opacity="0.3" stroke="#c0392b" stroke-dasharray="3 2"' : '';
        out.push(
          `<rect x="${left}" y="${by}" width="${Math.max(2, end - left)}" height="${barH - 3}" fill="${COLOURS[c.id] ?? '#999'}"${never}/>`,
        );
      }
      out.push(`<text x="${Math.max(end ?? left, left + 2) + 4}" y="${by + barH - 5}" fill="#333" font-size="10">${esc(text)}</text>`);
    });
  });
  bars.forEach((c, i) => {
    const lx = left + i * 130;
    out.push(`<rect x="${lx}" y="${plotBottom + 26}" width="10" height="10" fill="${COLOURS[c.id] ?? '#999'}"/>`);
    out.push(`<text x="${lx + 14}" y="${plotBottom + 35}" font-size="11">${esc(c.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export { kindOf };
