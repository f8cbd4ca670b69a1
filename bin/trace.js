#!/usr/bin/env node
// The CLI as one bundled CommonJS file (dist/procman.cjs, built by esbuild from src/bin.ts): one module to load
// instead of ~40, and (bin/package.json makes this file CommonJS too) without starting Node's ESM loader, which
// costs ~2 MB and several ms of start-up (its facade of node:fs alone loads every stream class).
//
// It is compiled with V8's code cache when `npm run build` left one (dist/procman.cjs.cache, from a warm-up run,
// so it holds the functions a start runs): ~10 ms less start-up than compiling 400 KB of source. The cache starts
// with the bundle's size and mtime; a cache of another build, or one V8 rejects (another Node), is ignored.
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { Script } = require('node:vm');

const bundle = join(__dirname, '../dist/trace.cjs');
const cacheFile = `${bundle}.cache`;
const { size, mtimeMs } = statSync(bundle);
const stamp = Buffer.from(`${size} ${mtimeMs}\n`);

let cachedData;
try {
  const cache = readFileSync(cacheFile);
  if (cache.subarray(0, stamp.length).equals(stamp)) cachedData = cache.subarray(stamp.length);
} catch {
  // no cache: compile from source
}
// latin1: esbuild writes ASCII only (non-ASCII characters escaped), and latin1 is read without decoding
const script = new Script(Module.wrap(readFileSync(bundle, 'latin1')), { filename: bundle, cachedData });
if (process.env.PROCMAN_WRITE_CODE_CACHE === '1') {
  // at exit, so the cache holds every function this run compiled (scripts/code-cache.mjs, run by `npm run build`)
  process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([stamp, script.createCachedData()])));
}
const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(dirname(bundle));
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
