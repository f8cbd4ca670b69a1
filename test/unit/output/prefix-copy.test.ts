import { describe, expect, it } from 'vitest';
import { copyPrefixed, lineCount, prefixedSize, scanLines } from '../../../src/output/prefix-copy.js';

describe('lineCount', () => {
  it('counts the newlines of a batch nobody scanned', () => {
    expect(lineCount(Buffer.from(''))).toBe(0);
    expect(lineCount(Buffer.from('a\nb\n\n'))).toBe(3);
  });

  it('answers from the last scan for that very batch, and counts any other batch itself', () => {
    const batch = Buffer.from('one\ntwo\n');
    expect(scanLines(batch)).toBe(2);
    expect(lineCount(batch)).toBe(2);
    // same bytes, another buffer: counted, not taken from the scan
    expect(lineCount(Buffer.from('one\ntwo\nthree\n'))).toBe(3);
    const other = Buffer.from('x\n');
    scanLines(other);
    expect(lineCount(batch)).toBe(2);
    expect(lineCount(other)).toBe(1);
  });
});

describe('copyPrefixed', () => {
  it('puts the first prefix before the first line and the other before each further one', () => {
    const data = Buffer.from('a\nbb\nccc\n');
    const lines = scanLines(data);
    const first = Buffer.from('1> ');
    const prefix = Buffer.from('n> ');
    const out = Buffer.alloc(4 + prefixedSize(data, lines, prefix, first));
    out.write('old!');
    const end = copyPrefixed(data, lines, prefix, first, out, 4);
    expect(out.subarray(0, end).toString()).toBe('old!1> a\nn> bb\nn> ccc\n');
  });
});
