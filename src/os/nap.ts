/** A turn of the event loop that read less than this is a trickle: nap after it. */
const TRICKLE_BYTES = 16 * 1024;
/**
 * How long a nap lasts. Manager CPU of the scale run here: 2 ms 0.79-0.90 s,
 * 5 ms 0.75-0.80, 10 ms 0.67-0.75; 4 ms 1.09-1.10 against 8 ms 0.97 (a busier
 * hour). Below a screen frame (16 ms), and the throughput run's wall time is the same.
 */
const NAP_MS = 8;

let enabled = false;
let turnBytes = 0;
let armed = false;

/**
 * Naps are for procman's own process (the CLI): under the API, the event loop
 * is the host program's, and blocking it is not ours to decide.
 */
export function enableNaps(): void {
  enabled = true;
}

/** A shutdown began: exits and last lines come in bursts, and each nap would add to the time to stop. */
export function disableNaps(): void {
  enabled = false;
}
let cell: Int32Array | undefined;

/**
 * Many chatty processes (a line every few ms each) wake the event loop once a
 * line: an epoll wake-up, a context switch and a turn of the loop for 40
 * bytes, the manager's main cost with 100 of them. So after a turn that only
 * read a trickle, the loop naps 8 ms (Atomics.wait: the thread sleeps, as in
 * epoll, but fd readiness does not end it); what the processes write
 * meanwhile waits in their pipes and is read in the next turn, many lines at
 * once. Signals and exits wait at most those 8 ms too; the console's writes go
 * on meanwhile (libuv's thread pool). A turn that read more (a busy process,
 * or a reader behind) is not followed by a nap: throughput is not capped.
 * Called after a chunk was handled, so a write it started (queued on this
 * same check phase) goes out before the nap.
 */
export function noteChunk(bytes: number): void {
  if (!enabled) return;
  turnBytes += bytes;
  if (armed) return;
  armed = true;
  setImmediate(nap);
}

function nap(): void {
  armed = false;
  const trickle = turnBytes < TRICKLE_BYTES;
  turnBytes = 0;
  if (!trickle || !enabled) return;
  cell ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, NAP_MS);
}
