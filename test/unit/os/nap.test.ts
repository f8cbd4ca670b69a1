import { describe, expect, it } from 'vitest';
import { napAfter, readsPerSecondAwake } from '../../../src/os/nap.js';

describe('napAfter', () => {
  it('no nap while reads come slowly: the start of a run, one process, a quiet Procfile', () => {
    expect(napAfter(40, 1, false)).toBe(0);
    expect(napAfter(640, 16, false)).toBe(0);
  });

  it('no nap after a turn that read 16 KiB or more: a busy process or a reader behind is never slowed', () => {
    expect(napAfter(16 * 1024, 1, true)).toBe(0);
    expect(napAfter(64 * 1024, 40, true)).toBe(0);
  });

  it('while busy, 8 ms after a trickle from a few reads, 16 ms after a trickle from many (a hundred chatty processes)', () => {
    expect(napAfter(40, 1, true)).toBe(8);
    expect(napAfter(600, 15, true)).toBe(8);
    expect(napAfter(640, 16, true)).toBe(16);
    expect(napAfter(16 * 1024 - 1, 300, true)).toBe(16);
  });
});

describe('readsPerSecondAwake', () => {
  it('leaves the time spent napping out, so the naps that cut the reads do not end themselves', () => {
    // a process writing every 0.5 ms, napped 8 ms at a time: ~12 reads in a 100 ms window, 96 ms of it napping
    expect(readsPerSecondAwake(12, 100, 96)).toBeGreaterThanOrEqual(1000);
    // the same 12 reads over 100 ms awake: a quiet process
    expect(readsPerSecondAwake(12, 100, 0)).toBe(120);
    // never divides by zero
    expect(readsPerSecondAwake(5, 100, 100)).toBe(5000);
  });
});
