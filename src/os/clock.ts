/**
 * Milliseconds from a clock that never steps back (Date.now may: a step back
 * would hold output, or naps, for as long). performance.now would do, but
 * loads perf_hooks (3 ms of start-up).
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
