import { describe, expect, it } from 'vitest';
import { napAfter } from '../../../src/os/nap.js';

describe('napAfter', () => {
  it('no nap after a turn that read 16 KiB or more: a busy process or a reader behind is never slowed', () => {
    expect(napAfter(16 * 1024, 1)).toBe(0);
    expect(napAfter(64 * 1024, 40)).toBe(0);
  });

  it('8 ms after a trickle from a few reads, 16 ms after a trickle from many (a hundred chatty processes)', () => {
    expect(napAfter(40, 1)).toBe(8);
    expect(napAfter(600, 15)).toBe(8);
    expect(napAfter(640, 16)).toBe(16);
    expect(napAfter(16 * 1024 - 1, 300)).toBe(16);
  });
});
