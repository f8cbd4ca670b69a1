// The CLI's V8 code cache (bin/procman.js, written by scripts/code-cache.mjs in `npm run build`): the build leaves
// one that this Node accepts, and a cache that is stale or damaged never stops the CLI from running.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { project, removeTemps } from '../helpers/temp.js';

afterAll(removeTemps);

const BUNDLE = join(ROOT, 'dist/procman.cjs');
const CACHE = `${BUNDLE}.cache`;
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** A copy of the built CLI (bin/ and dist/) with this cache beside the bundle, node_modules linked. */
function installWith(cache: Buffer): string {
  const dir = project();
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  for (const file of ['procman.js', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file));
  copyFileSync(BUNDLE, join(dir, 'dist/procman.cjs'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const { size, mtimeMs } = statSync(join(dir, 'dist/procman.cjs'));
  writeFileSync(join(dir, 'dist/procman.cjs.cache'), Buffer.concat([Buffer.from(`${size} ${mtimeMs}\n`), cache]));
  return dir;
}

/** `procman --version` from that copy: the version, and nothing on stderr. */
function version(dir: string): string {
  const run = spawnSync(process.execPath, [join(dir, 'bin/procman.js'), '--version'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

describe('the code cache', () => {
  it('the build leaves one, stamped with the bundle it was made from, that this Node accepts', () => {
    const cache = readFileSync(CACHE);
    const { size, mtimeMs } = statSync(BUNDLE);
    const stamp = `${size} ${mtimeMs}\n`;
    expect(cache.subarray(0, stamp.length).toString()).toBe(stamp);
    const script = new Script(Module.wrap(readFileSync(BUNDLE, 'utf8')), {
      filename: BUNDLE,
      cachedData: cache.subarray(stamp.length),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('the bundle is ASCII, so bin/procman.js reads it as latin1 without changing a character', () => {
    const bytes = readFileSync(BUNDLE);
    expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
  });

  it('a damaged cache is rejected by V8 and the CLI compiles from source', () => {
    const valid = readFileSync(CACHE);
    const payload = valid.subarray(valid.indexOf(0x0a) + 1);
    const damaged = Buffer.from(payload);
    damaged.fill(0x5a, 0, 64);
    expect(version(installWith(damaged))).toBe(VERSION);
    expect(version(installWith(Buffer.from('not a cache')))).toBe(VERSION);
  });

  it('a cache of another build (its stamp names another bundle) is not used', () => {
    const dir = installWith(Buffer.alloc(0));
    // the stamp of a bundle one byte longer: ignored without V8 seeing it
    const { size, mtimeMs } = statSync(join(dir, 'dist/procman.cjs'));
    const payload = readFileSync(CACHE).subarray(readFileSync(CACHE).indexOf(0x0a) + 1);
    writeFileSync(join(dir, 'dist/procman.cjs.cache'), Buffer.concat([Buffer.from(`${size + 1} ${mtimeMs}\n`), payload]));
    expect(version(dir)).toBe(VERSION);
  });
});
