#!/usr/bin/env node
// The CLI as one bundled CommonJS file (dist/procman.cjs, built by esbuild from src/bin.ts): one module to load
// instead of ~40, and (bin/package.json makes this file CommonJS too) without starting Node's ESM loader, which
// costs ~2 MB and several ms of start-up (its facade of node:fs alone loads every stream class).
require('../dist/procman.cjs');
