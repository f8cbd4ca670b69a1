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

describe('copyPrefixed and copySurrounded, against a plain reference', () => {
  it('give the same bytes for lines of every length (short ones by words, long ones natively) at any offsets', async () => {
    const { copySurrounded, surroundedSize } = await import('../../../src/output/prefix-copy.js');
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    /** `bytes` at offset `offset` of a larger buffer */
    const at = (bytes: Buffer, offset: number) => Buffer.concat([Buffer.alloc(offset, 0xee), bytes]).subarray(offset);
    for (let round = 0; round < 400; round++) {
      const lines = Array.from({ length: 1 + (next() % 9) }, () =>
        Buffer.from(Array.from({ length: next() % 150 }, () => 0x20 + (next() % 200))),
      );
      const data = at(Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])), next() % 8);
      const prefix = at(Buffer.from('p'.repeat(next() % 30)), next() % 8);
      const first = at(Buffer.from('f'.repeat(next() % 30)), next() % 8);
      const count = scanLines(data);
      const shift = next() % 8;
      const out = Buffer.alloc(shift + prefixedSize(data, count, prefix, first) + 5, 0xaa);
      const end = copyPrefixed(data, count, prefix, first, out, shift);
      const expected = Buffer.concat(lines.flatMap((line, i) => [i === 0 ? first : prefix, line, Buffer.from('\n')]));
      expect(out.subarray(shift, end).equals(expected)).toBe(true);
      expect(out.subarray(end).every((b) => b === 0xaa)).toBe(true);
      expect(out.subarray(0, shift).every((b) => b === 0xaa)).toBe(true);

      const last = Buffer.from('"}\n');
      const joint = at(Buffer.from(`"}\n${'h'.repeat(next() % 100)}`), next() % 8);
      const records = Buffer.alloc(shift + surroundedSize(data, count, first, joint, last), 0xaa);
      const stop = copySurrounded(data, count, first, joint, last, records, shift);
      const wanted = Buffer.concat([first, ...lines.flatMap((line, i) => (i === 0 ? [line] : [joint, line])), last]);
      expect(stop).toBe(records.length);
      expect(records.subarray(shift).equals(wanted)).toBe(true);
    }
  });
});
