import { describe, expect, it } from 'vitest';
import { DEFAULT_LINE_CAP, type LineBatch, LineSplitter } from '../../../src/runtime/lines.js';

const b = (s: string) => Buffer.from(s, 'utf8');

/** A batch as [text, continuation] for readable comparisons. */
const show = (batch: LineBatch | undefined) => (batch ? [batch.data.toString('latin1'), batch.continuation] : undefined);

describe('LineSplitter', () => {
  it('passes a chunk of whole lines through as one batch', () => {
    const s = new LineSplitter();
    const chunk = b('one\ntwo\nthree\n');
    const batch = s.push(chunk);
    expect(show(batch)).toEqual(['one\ntwo\nthree\n', false]);
    expect(batch?.data).toBe(chunk); // no copy
    expect(s.end()).toBeUndefined();
  });

  it('holds a partial line until its newline arrives', () => {
    const s = new LineSplitter();
    expect(s.push(b('hel'))).toBeUndefined();
    expect(s.push(b('lo wo'))).toBeUndefined();
    expect(show(s.push(b('rld\n')))).toEqual(['hello world\n', false]);
  });

  it('emits the whole lines of a chunk and holds its tail', () => {
    const s = new LineSplitter();
    expect(show(s.push(b('a\nb\nc')))).toEqual(['a\nb\n', false]);
    expect(show(s.push(b('d\ne')))).toEqual(['cd\n', false]);
    expect(show(s.end())).toEqual(['e\n', false]);
  });

  it('completes a final unterminated line on end()', () => {
    const s = new LineSplitter();
    s.push(b('no newline'));
    expect(show(s.end())).toEqual(['no newline\n', false]);
    expect(s.end()).toBeUndefined();
  });

  it('end() with nothing held returns undefined', () => {
    const s = new LineSplitter();
    expect(s.end()).toBeUndefined();
    s.push(b('x\n'));
    expect(s.end()).toBeUndefined();
  });

  it('keeps empty lines', () => {
    const s = new LineSplitter();
    expect(show(s.push(b('\n\na\n\n')))).toEqual(['\n\na\n\n', false]);
    expect(show(s.push(b('\n')))).toEqual(['\n', false]);
  });

  it('keeps \\r (CRLF and progress bars) as written', () => {
    const s = new LineSplitter();
    expect(show(s.push(b('a\r\n10%\r20%\r')))).toEqual(['a\r\n', false]);
    expect(show(s.push(b('100%\r\n')))).toEqual(['10%\r20%\r100%\r\n', false]);
  });

  it('preserves invalid UTF-8 and multi-byte characters split across chunks', () => {
    const s = new LineSplitter();
    const euro = b('€'); // e2 82 ac
    expect(s.push(Buffer.from([0xff, 0xfe, euro[0] as number]))).toBeUndefined();
    const batch = s.push(Buffer.from([euro[1] as number, euro[2] as number, 0xc3, 0x0a]));
    expect(batch?.data).toEqual(Buffer.from([0xff, 0xfe, 0xe2, 0x82, 0xac, 0xc3, 0x0a]));
  });

  it('does not keep a reference to chunks it emitted', () => {
    const s = new LineSplitter();
    const first = b('abc');
    s.push(first);
    const batch = s.push(b('\n'));
    first.fill(0x7a); // the child's buffer reused: the emitted line must be a copy
    expect(batch?.data.toString()).toBe('abc\n');
  });

  describe('cap', () => {
    it('emits a line longer than the cap in pieces, the next marked as continuation', () => {
      const s = new LineSplitter(4);
      expect(s.push(b('ab'))).toBeUndefined();
      expect(show(s.push(b('cdef')))).toEqual(['abcdef\n', false]);
      expect(show(s.push(b('gh\n')))).toEqual(['gh\n', true]);
      expect(show(s.push(b('ij\n')))).toEqual(['ij\n', false]);
    });

    it('a tail of exactly the cap is not cut: a line of the cap passes whole', () => {
      const s = new LineSplitter(4);
      expect(s.push(b('abcd'))).toBeUndefined();
      expect(show(s.push(b('\n')))).toEqual(['abcd\n', false]);
      expect(show(s.push(b('efghi')))).toEqual(['efghi\n', false]);
      expect(show(s.push(b('\n')))).toEqual(['\n', true]);
    });

    it('a line cut several times: every piece after the first is a continuation', () => {
      const s = new LineSplitter(3);
      expect(show(s.push(b('aaaa')))).toEqual(['aaaa\n', false]);
      expect(show(s.push(b('bbbb')))).toEqual(['bbbb\n', true]);
      expect(show(s.push(b('cccc')))).toEqual(['cccc\n', true]);
      expect(show(s.push(b('d\nnext\n')))).toEqual(['d\nnext\n', true]);
      expect(show(s.push(b('x\n')))).toEqual(['x\n', false]);
    });

    it('the piece completed by end() is a continuation', () => {
      const s = new LineSplitter(3);
      expect(show(s.push(b('abcd')))).toEqual(['abcd\n', false]);
      expect(s.push(b('ef'))).toBeUndefined();
      expect(show(s.end())).toEqual(['ef\n', true]);
      expect(s.end()).toBeUndefined();
    });

    it('lines shorter than the cap inside a chunk are never cut', () => {
      const s = new LineSplitter(4);
      expect(show(s.push(b('0123456789\nab')))).toEqual(['0123456789\n', false]);
      expect(show(s.push(b('\n')))).toEqual(['ab\n', false]);
    });

    it('holds at most the cap plus one chunk: a tail after a newline is cut on the next chunk without one', () => {
      const s = new LineSplitter(4);
      expect(show(s.push(b('a\nbcdefgh')))).toEqual(['a\n', false]);
      expect(show(s.push(b('ij')))).toEqual(['bcdefghij\n', false]);
      expect(show(s.push(b('k\n')))).toEqual(['k\n', true]);
    });

    it('defaults to 1 MiB', () => {
      expect(DEFAULT_LINE_CAP).toBe(1024 * 1024);
      const s = new LineSplitter();
      expect(s.push(Buffer.alloc(DEFAULT_LINE_CAP, 0x61))).toBeUndefined();
      const batch = s.push(b('b'));
      expect(batch?.data.length).toBe(DEFAULT_LINE_CAP + 2);
      expect(batch?.continuation).toBe(false);
      expect(show(s.push(b('c\n')))).toEqual(['c\n', true]);
    });
  });
});
