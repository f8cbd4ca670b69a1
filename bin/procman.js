#!/bin/sh
':' //; if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then exec env -u NODE_EXTRA_CA_CERTS PROCMAN_NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS" node "$0" "$@"; fi; exec node "$0" "$@"
// ^ Run as a program, this file is first a shell script that starts Node on itself. Node 20 parses the bundle
// that NODE_EXTRA_CA_CERTS names at every start, before any of procman's code (37 ms on a machine that sets it);
// procman makes no TLS connection, so it starts without it, carried in PROCMAN_NODE_EXTRA_CA_CERTS and put back
// into the environment below, before anything reads it: the processes get it as it was. For Node, line 2 is a
// string and a comment (`node bin/procman.js` skips the shell and the saving).
const carried = process.env.PROCMAN_NODE_EXTRA_CA_CERTS;
if (carried !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = carried;
  delete process.env.PROCMAN_NODE_EXTRA_CA_CERTS;
}

// The CLI as one bundled CommonJS file (dist/procman.cjs, built by scripts/bundle.mjs from src/bin.ts): one module
// to load instead of ~40, and (bin/package.json makes this file CommonJS too) without starting Node's ESM loader,
// which costs ~2 MB and several ms of start-up (its facade of node:fs alone loads every stream class).
//
// It is compiled with V8's code cache when `npm run build` left one (dist/procman.cjs.cache, from a warm-up run,
// so it holds the functions a start runs): ~10 ms less start-up than compiling 400 KB of source. V8 itself only
// checks that a cache fits this V8, its flags and a source of that length; so the cache starts with the bundle's
// first line (its build: a hash of its content) and is used only for that build. It is written aside and renamed,
// so no run reads half of one. (Its data is not checksummed: that costs 2-3 ms of every start, and the data is as
// safe as the bundle beside it, which a damaged disk would break as surely.)
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { Script } = require('node:vm');

const bundle = join(__dirname, '../dist/procman.cjs');
const cacheFile = `${bundle}.cache`;
let source;
try {
  // latin1: esbuild writes ASCII only (non-ASCII characters escaped), and latin1 is read without decoding
  source = readFileSync(bundle, 'latin1');
} catch {
  process.stderr.write(`procman: ${bundle} is missing: procman is not built\nhint: run npm install (or npm run build) in ${dirname(__dirname)}\n`);
  process.exit(70);
}
const build = source.slice(0, source.indexOf('\n') + 1);

let cachedData;
try {
  const cache = readFileSync(cacheFile);
  if (build.startsWith('// procman ') && cache.subarray(0, build.length).toString('latin1') === build) cachedData = cache.subarray(build.length);
} catch {
  // no cache: compile from source
}
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
if (process.env.PROCMAN_WRITE_CODE_CACHE === '1') {
  delete process.env.PROCMAN_WRITE_CODE_CACHE; // not for the processes this run starts
  // at exit, so the cache holds every function this run compiled (scripts/code-cache.mjs, run by `npm run build`);
  // written aside and renamed, so that no run ever reads half a cache
  process.once('exit', () => {
    try {
      const data = script.createCachedData();
      writeFileSync(`${cacheFile}.tmp`, Buffer.concat([Buffer.from(build, 'latin1'), data]));
      renameSync(`${cacheFile}.tmp`, cacheFile);
    } catch (error) {
      process.stderr.write(`procman: no code cache written: ${error.message}\n`);
    }
  });
}
const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = Module._nodeModulePaths(dirname(bundle));
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
