import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Burst, ChangeBatcher } from '../../../src/watch/batch.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const batcher = (quietMs = 200) => {
  const bursts: Burst[][] = [];
  return { bursts, batcher: new ChangeBatcher({ quietMs, onBurst: (b) => bursts.push(b) }) };
};

describe('ChangeBatcher', () => {
  it('500 changes in a burst (a git checkout) make one burst, once quiet; 10 paths kept, all counted', () => {
    const t = batcher();
    for (let i = 0; i < 500; i++) {
      if (i > 0) vi.advanceTimersByTime(1); // 0.5 s in all: longer than the quiet period, never quiet that long
      t.batcher.add(['web'], `src/f${i}.js`);
    }
    vi.advanceTimersByTime(199);
    expect(t.bursts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(t.bursts).toHaveLength(1);
    expect(t.bursts[0]).toEqual([{ type: 'web', paths: Array.from({ length: 10 }, (_, i) => `src/f${i}.js`), count: 500 }]);
    vi.advanceTimersByTime(10_000);
    expect(t.bursts).toHaveLength(1);
  });

  it('a file saved several times counts once; each type gets its own files, in the order each first changed', () => {
    const t = batcher();
    t.batcher.add(['worker'], 'jobs/a.js');
    t.batcher.add(['web', 'worker'], 'shared/x.js');
    t.batcher.add(['web', 'worker'], 'shared/x.js');
    vi.advanceTimersByTime(200);
    expect(t.bursts).toEqual([
      [
        { type: 'worker', paths: ['jobs/a.js', 'shared/x.js'], count: 2 },
        { type: 'web', paths: ['shared/x.js'], count: 1 },
      ],
    ]);
  });

  it('changes after a quiet period are the next burst', () => {
    const t = batcher(100);
    t.batcher.add(['web'], 'a.js');
    vi.advanceTimersByTime(100);
    t.batcher.add(['web'], 'a.js');
    vi.advanceTimersByTime(100);
    expect(t.bursts).toEqual([[{ type: 'web', paths: ['a.js'], count: 1 }], [{ type: 'web', paths: ['a.js'], count: 1 }]]);
  });

  it('a change no type watches is nothing; close drops what is pending and leaves no timer', () => {
    const t = batcher();
    t.batcher.add([], 'README.md');
    expect(vi.getTimerCount()).toBe(0);
    t.batcher.add(['web'], 'a.js');
    t.batcher.close();
    expect(vi.getTimerCount()).toBe(0);
    t.batcher.add(['web'], 'b.js');
    vi.advanceTimersByTime(1000);
    expect(t.bursts).toEqual([]);
  });
});
