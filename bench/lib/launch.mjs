// Starts one contender with its output going into a FIFO that we read to the
// end (a real pipe: not a TTY, and with PIPE_BUF atomicity for the floor's
// children, which share it). Watches the manager's own CPU and peak RSS by
// sampling /proc every SAMPLE_MS and keeping the last reading before it exits.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { usage } from './proc.mjs';

export const SAMPLE_MS = 20;

// Without NODE_EXTRA_CA_CERTS: where it is set (this machine sets it), Node 20 parses that CA bundle at every start,
// before any of a manager's code runs (~37 ms here for each Node contender, none for sh or Ruby). The report says so.
const { NODE_EXTRA_CA_CERTS: _extraCaCerts, ...inherited } = process.env;
/** This environment without NODE_EXTRA_CA_CERTS, for every process a benchmark starts (bench/run.mjs and lifecycle.mjs). */
export const BENCH_ENV = inherited;
const ENV = { ...BENCH_ENV, NO_COLOR: '1', FORCE_COLOR: '0', TERM: 'dumb' };
delete ENV.npm_lifecycle_event;

let serial = 0;

/**
 * @returns {{ pid, t0, chunks, exited: Promise, eof: Promise, last(): {cpu, rss}|undefined, onData(cb), kill(signal) }}
 * Times are performance.now() milliseconds; `chunks` are { t, data } in arrival order.
 */
export function launch(contender, dir, procs) {
  const fifo = join(dir, `out.${++serial}.fifo`);
  execFileSync('mkfifo', [fifo]);
  const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = openSync(fifo, constants.O_WRONLY);
  const errFd = openSync(join(dir, `stderr.${serial}.log`), 'w');
  const [file, args] = contender.command(procs);
  const t0 = performance.now();
  // detached: its own session and process group, like a shell gives a job;
  // Ctrl-C is then simulated with SIGINT to that group.
  const child = spawn(file, args, { cwd: dir, env: ENV, stdio: ['ignore', writeFd, errFd], detached: true });
  closeSync(writeFd);
  closeSync(errFd);
  const pid = child.pid;
  const chunks = [];
  const listeners = [];
  let last;
  let peakAnon = 0;
  const sample = () => {
    const reading = usage(pid);
    if (!reading) return;
    peakAnon = Math.max(peakAnon, reading.anon);
    last = { ...reading, anon: peakAnon };
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ t: performance.now(), code, signal });
    });
    child.once('error', (error) => {
      clearInterval(timer);
      resolve({ t: performance.now(), code: null, signal: null, error: error.message });
    });
  });
  const socket = new Socket({ fd: readFd, readable: true, writable: false });
  const eof = new Promise((resolve) => {
    socket.on('data', (data) => {
      const t = performance.now();
      chunks.push({ t, data });
      for (const listener of listeners) listener(data, t);
    });
    socket.once('end', () => {
      sample();
      resolve(performance.now());
    });
    socket.once('error', () => resolve(performance.now()));
  });
  return {
    pid,
    t0,
    chunks,
    exited,
    eof,
    last: () => last,
    onData: (listener) => listeners.push(listener),
    /** Stops reading (for runs that end before their output does). */
    close: () => socket.destroy(),
    signalGroup: (signal) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is gone
      }
    },
  };
}

/** Resolves after ms, or with `value` of the promise if it settles first. */
export function within(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
