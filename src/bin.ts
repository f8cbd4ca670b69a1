import { main } from './cli.js';
import { processIo } from './io.js';

// The only place that sets procman's exit code. An unexpected error is a bug:
// say so in one line rather than a stack trace (PROCMAN_DEBUG=1 shows it).
main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (process.env.PROCMAN_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.stderr.write(`procman: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.stderr.write('hint: this is a bug in procman; rerun with PROCMAN_DEBUG=1 and report the output\n');
    process.exitCode = 70;
  },
);
