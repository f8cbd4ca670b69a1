import type { WriteFn } from './sink.js';

/**
 * Shares one write function so that at most one call is in flight at a
 * time, the others queued in order. Log files write through one lane: each
 * write holds a thread of libuv's pool (4 by default) while the disk takes
 * it, so log files on a hung disk hold one thread, never the one the
 * console needs.
 */
export function oneAtATime(write: WriteFn): WriteFn {
  const waiting: Array<() => void> = [];
  let busy = false;
  const next = () => {
    const run = waiting.shift();
    if (run) run();
    else busy = false;
  };
  return (fd, buffer, callback) => {
    const run = () =>
      write(fd, buffer, (error, written) => {
        next();
        callback(error, written);
      });
    if (busy) waiting.push(run);
    else {
      busy = true;
      run();
    }
  };
}
