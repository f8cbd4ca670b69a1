import { monotonicMs } from './clock.js';

/** A turn of the event loop that read less than this is a trickle: nap after it. */
const TRICKLE_BYTES = 16 * 1024;
/**
 * How long a nap lasts. Manager CPU of the scale run here: 2 ms 0.79-0.90 s,
 * 5 ms 0.75-0.80, 10 ms 0.67-0.75; 4 ms 1.09-1.10 against 8 ms 0.97 (a busier
 * hour). Below a screen frame (16 ms), and the throughput run's wall time is the same.
 */
const NAP_MS = 8;
/**
 * After a trickle from this many reads in one turn (many processes, a line or
 * two each), the nap is twice as long: each read then gets about twice the
 * lines, and the cost of a read (an epoll wake-up, two syscalls, a stream
 * event) is paid half as often. Scale run here (100 processes, a line every
 * 10 ms each): manager CPU 1.02 s with 8 ms naps, 0.84 s with 16 ms, in runs
 * where node-foreman took 1.82 s and 2.00 s; a few processes keep the 8 ms
 * naps. 16 ms is a screen frame at 60 Hz.
 */
const MANY_READS = 16;
const LONG_NAP_MS = 16;
/**
 * Naps only once the reads come this fast, per second awake (over the last
 * window of at least WINDOW_MS, the time spent napping left out: naps cut
 * the reads, so counting them would end the naps that made the rate drop,
 * and they would go on and off every window). Below it a wake-up a read
 * costs little (100 reads a second is about 2 ms of CPU a second), and a nap
 * would only delay lines. So the start of a run, a quiet Procfile, or a
 * process printing less than a line a millisecond never nap: a first line
 * shows as soon as it is read (a nap there held it, and the console's write
 * completing, up to 8 ms).
 */
const BUSY_READS_PER_SECOND = 1000;
const WINDOW_MS = 100;

let enabled = false;
let turnBytes = 0;
let turnReads = 0;
let armed = false;
let windowAt = 0;
let windowReads = 0;
let windowNapped = 0;
let busy = false;

/**
 * Naps are for procman's own process (the CLI): under the API, the event loop
 * is the host program's, and blocking it is not ours to decide.
 */
export function enableNaps(): void {
  enabled = true;
  windowAt = monotonicMs();
  windowReads = 0;
  windowNapped = 0;
  busy = false;
}

/** A shutdown began: exits and last lines come in bursts, and each nap would add to the time to stop. */
export function disableNaps(): void {
  enabled = false;
}
let cell: Int32Array | undefined;

/**
 * Many chatty processes (a line every few ms each) wake the event loop once a
 * line: an epoll wake-up, a context switch and a turn of the loop for 40
 * bytes, the manager's main cost with 100 of them. So once reads come fast
 * (1000 a second or more), after a turn that only read a trickle, the loop
 * naps 8 or 16 ms (Atomics.wait: the thread sleeps, as in epoll, but fd
 * readiness does not end it); what the processes write meanwhile waits in
 * their pipes and is read in the next turn, many lines at once. Signals and
 * exits wait at most that long too; the console's writes go on meanwhile
 * (libuv's thread pool). A turn that read more (a busy process, or a reader
 * behind) is not followed by a nap: throughput is not capped. Called after a
 * chunk was handled, so a write it started (queued on this same check phase)
 * goes out before the nap.
 */
export function noteChunk(bytes: number): void {
  if (!enabled) return;
  turnBytes += bytes;
  turnReads++;
  if (armed) return;
  armed = true;
  setImmediate(nap);
}

function nap(): void {
  armed = false;
  windowReads += turnReads;
  const now = monotonicMs();
  if (now - windowAt >= WINDOW_MS) {
    busy = readsPerSecondAwake(windowReads, now - windowAt, windowNapped) >= BUSY_READS_PER_SECOND;
    windowAt = now;
    windowReads = 0;
    windowNapped = 0;
  }
  const ms = napAfter(turnBytes, turnReads, busy);
  turnBytes = 0;
  turnReads = 0;
  if (ms === 0 || !enabled) return;
  cell ??= new Int32Array(new SharedArrayBuffer(4));
  const before = monotonicMs();
  Atomics.wait(cell, 0, 0, ms);
  windowNapped += monotonicMs() - before;
}

/** Reads a second of the time not spent napping (at least a millisecond of it, so a window of naps stays busy). */
export function readsPerSecondAwake(reads: number, elapsedMs: number, nappedMs: number): number {
  return (reads * 1000) / Math.max(1, elapsedMs - nappedMs);
}

/**
 * How long to nap after a turn that read `bytes` in `reads` reads, when the
 * reads of the last window came fast (`busy`) or not: 0 (no nap) unless it
 * was a trickle while busy.
 */
export function napAfter(bytes: number, reads: number, busy: boolean): number {
  if (!busy || bytes >= TRICKLE_BYTES) return 0;
  return reads >= MANY_READS ? LONG_NAP_MS : NAP_MS;
}
