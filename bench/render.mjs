// Re-renders docs/benchmarks.md and docs/benchmarks.svg from a results file
// (default bench/results/latest.json) without running anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/contenders.mjs';
import { markdown, svg } from './lib/report.mjs';

const file = process.argv[2] ?? join(ROOT, 'bench/results/latest.json');
const report = JSON.parse(readFileSync(file, 'utf8'), (_key, value) => (value === 'never' ? Infinity : value));
writeFileSync(join(ROOT, 'docs/benchmarks.md'), markdown(report));
writeFileSync(join(ROOT, 'docs/benchmarks.svg'), svg(report));
