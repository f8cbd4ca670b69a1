// A second procman built from another git revision (BENCH_BASELINE=<rev>), for
// A/B runs in one benchmark: `git archive <rev>` unpacked into a temporary
// folder outside the repo (no worktree, so nothing to prune if we are killed),
// the repo's node_modules symlinked in when that revision's package-lock.json
// has the same dependencies (else `npm ci` there), then `npm run build` there.
// The contender runs that build's bin/procman.js exactly as `procman` runs ours.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion, procmanContender, ROOT } from './contenders.mjs';

const made = new Set();

/** Removes every temporary checkout made so far (synchronous: safe in an 'exit' handler). */
export function removeBaselines() {
  for (const dir of made) {
    rmSync(dir, { recursive: true, force: true });
    made.delete(dir);
  }
}

const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A lock's dependency tree, without the root package's own version (a release bump changes no module). */
function dependencies(lockText) {
  const lock = JSON.parse(lockText);
  delete lock.version;
  if (lock.packages?.['']) delete lock.packages[''].version;
  return JSON.stringify(lock);
}

/** Runs a command in `cwd` with its output on our stderr (stdout carries the table). */
function step(cwd, file, args) {
  execFileSync(file, args, { cwd, stdio: ['ignore', 2, 2] });
}

/**
 * Checks out and builds `rev`; returns the `procman-base` contender. Throws
 * (after removing the checkout) if `rev` is not a commit or does not build.
 */
export function baselineContender(rev) {
  let commit;
  try {
    commit = git('rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`);
  } catch {
    throw new Error(`BENCH_BASELINE=${rev}: not a commit in ${ROOT}`);
  }
  const short = git('rev-parse', '--short', commit);
  const dir = mkdtempSync(join(tmpdir(), `procman-base-${short}-`));
  made.add(dir);
  try {
    console.error(`\nbaseline: procman @${short} (${rev}) in ${dir}`);
    const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', commit], { maxBuffer: 2 ** 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    const lock = join(dir, 'package-lock.json');
    const ours = join(ROOT, 'package-lock.json');
    const same =
      existsSync(lock) &&
      existsSync(join(ROOT, 'node_modules')) &&
      dependencies(readFileSync(lock, 'utf8')) === dependencies(readFileSync(ours, 'utf8'));
    if (same) {
      console.error('baseline: same dependencies, using this repo’s node_modules');
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    } else {
      console.error(`baseline: other dependencies, npm ${existsSync(lock) ? 'ci' : 'install'} there`);
      step(dir, 'npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund']);
    }
    step(dir, 'npm', ['run', 'build']);
    if (!existsSync(join(dir, 'bin/procman.js'))) throw new Error(`no bin/procman.js at ${short}`);
  } catch (error) {
    removeBaselines();
    throw new Error(`BENCH_BASELINE=${rev}: could not build procman @${short}: ${error.message}`);
  }
  return procmanContender({
    id: 'procman-base',
    label: `procman @${short}`,
    version: `${packageVersion(dir)} (${short}, BENCH_BASELINE=${rev})`,
    root: dir,
  });
}
