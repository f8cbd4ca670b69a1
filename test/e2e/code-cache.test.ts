// The CLI's V8 code cache (bin/procman.js, written by scripts/code-cache.mjs in `npm run build`): the build leaves
// one that this Node accepts, and a cache that is stale or damaged never stops the CLI from running.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
const SOURCE = readFileSync(BUNDLE, 'latin1');
/** The bundle's first line: `// procman <version> build <hash of its content>` */
const BUILD = SOURCE.slice(0, SOURCE.indexOf('\n') + 1);
/** The cache's header: the build line */
const HEADER = BUILD.length;

/** A copy of the built CLI (bin/ and dist/, the bundle given or the built one) with this cache, node_modules linked. */
function installWith(cache: Buffer, source: string = SOURCE): string {
  const dir = project();
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  for (const file of ['procman.js', 'package.json']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file));
  writeFileSync(join(dir, 'dist/procman.cjs'), source, 'latin1');
  writeFileSync(join(dir, 'dist/procman.cjs.cache'), cache);
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
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
  it('the build leaves one, headed by the build line of the bundle it was made from, that this Node accepts', () => {
    expect(BUILD).toMatch(new RegExp(`^// procman ${VERSION.replaceAll('.', '\\.')} build [0-9a-f]{32}\\n$`));
    const cache = readFileSync(CACHE);
    expect(cache.subarray(0, BUILD.length).toString('latin1')).toBe(BUILD);
    const script = new Script(Module.wrap(SOURCE), { filename: BUNDLE, cachedData: cache.subarray(HEADER) });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('the bundle is ASCII (read as latin1 without changing a character) and holds no import(), which a cached script cannot load', () => {
    expect(readFileSync(BUNDLE).findIndex((byte) => byte > 0x7f)).toBe(-1);
    expect(SOURCE).not.toMatch(/\bimport\(/);
  });

  it('a cache cut short, or not a cache, is rejected (by its header, or by V8): the CLI compiles from source', () => {
    expect(version(installWith(Buffer.from('not a cache')))).toBe(VERSION);
    expect(version(installWith(Buffer.from(BUILD)))).toBe(VERSION);
    expect(version(installWith(readFileSync(CACHE).subarray(0, HEADER + 1000)))).toBe(VERSION);
    expect(version(installWith(readFileSync(CACHE).subarray(0, readFileSync(CACHE).length - 1)))).toBe(VERSION);
  });

  it('a cache of another build of the bundle, even of the same length, is not used', () => {
    // the same bundle with one string changed, and a build line of its own: the old cache would run the old code
    const changed = SOURCE.replace('to all processes', 'to all processEZ').replace(/build [0-9a-f]{32}/, `build ${'0'.repeat(32)}`);
    expect(changed.length).toBe(SOURCE.length);
    const dir = installWith(readFileSync(CACHE), changed);
    writeFileSync(join(dir, 'Procfile'), 'done: true\nidle: sleep 10\n');
    const run = spawnSync(process.execPath, [join(dir, 'bin/procman.js'), 'start', '--no-color', '--no-control'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 15000,
    });
    // the changed string: the new source ran, not the cached code of the old one
    expect(run.stdout).toContain('sending SIGTERM to all processEZ');
    expect(run.status).toBe(0);
  });
});
