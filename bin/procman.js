#!/usr/bin/env node
// The CLI as one bundled file (dist/procman.js, built by esbuild from src/bin.ts): one module to load instead of ~40.
import '../dist/procman.js';
