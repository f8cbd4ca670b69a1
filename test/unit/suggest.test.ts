import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/suggest.js';

describe('editDistance', () => {
  it.each([
    ['restart', 'restart', 0],
    ['restrat', 'restart', 1], // a swap of neighbours is one edit
    ['prot', 'port', 1],
    ['tmeout', 'timeout', 1],
    ['', 'port', 4],
    ['kitten', 'sitting', 3],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  const keys = ['procfile', 'root', 'env', 'port', 'timeout', 'restart', 'ready', 'can-die'];

  it('the nearest candidate within one edit per three letters', () => {
    expect(closest('restrat', keys)).toBe('restart');
    expect(closest('canDie'.toLowerCase(), keys)).toBe('can-die');
    expect(closest('prot', keys)).toBe('port');
    expect(closest('procfiel', keys)).toBe('procfile');
  });

  it('nothing when nothing is close', () => {
    expect(closest('bogus', keys)).toBeUndefined();
    expect(closest('xy', keys)).toBeUndefined();
  });

  it('the first of equally near candidates', () => {
    expect(closest('rot', ['root', 'port'])).toBe('root');
  });
});
