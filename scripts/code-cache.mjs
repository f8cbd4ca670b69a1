// Part of `npm run build`: runs the built CLI once on fixtures/warm-up (a start of two processes that print a
// line and exit) with PROCMAN_WRITE_CODE_CACHE=1, so bin/procman.js writes V8's code cache of the bundle,
// holding every function that run compiled (dist/procman.cjs.cache). The cache only saves start-up time:
// when this fails, the build says so and goes on, and the CLI compiles from source.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = `${root}dist/procman.cjs.cache`;
rmSync(cache, { force: true });
const run = spawnSync(process.execPath, [`${root}bin/procman.js`, 'start', '-f', 'Procfile', '--color'], {
  cwd: `${root}fixtures/warm-up`,
  env: { ...process.env, PROCMAN_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 20000,
  killSignal: 'SIGKILL',
});
if (run.status !== 0 || !existsSync(cache)) {
  rmSync(cache, { force: true });
  const why = run.error?.message ?? (run.stderr.toString().trim().split('\n')[0] || `exit code ${run.status}`);
  console.warn(`procman: no code cache (start-up ~10 ms slower): the warm-up run failed: ${why}`);
}
