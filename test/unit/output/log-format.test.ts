import { describe, expect, it } from 'vitest';
import { droppedNote, formatLogLines, formatLogNote, logPrefix } from '../../../src/output/log-format.js';
import type { LineEvent } from '../../../src/runtime/events.js';

const AT = Date.UTC(2026, 11, 2, 14, 0, 1, 123);
const T = '2026-12-02T14:00:01.123Z';
const line = (bytes: Buffer | string, stream: 'stdout' | 'stderr' = 'stdout', continuation = false): LineEvent => ({
  kind: 'line',
  name: 'web.1',
  stream,
  bytes: Buffer.from(bytes),
  continuation,
  at: AT,
});

describe('log file lines', () => {
  it('time in ISO 8601 UTC with milliseconds, then the mark', () => {
    expect(logPrefix(AT, '|')).toBe(`${T} | `);
    expect(logPrefix(0, '#')).toBe('1970-01-01T00:00:00.000Z # ');
  });

  it('| for stdout, ! for stderr, on every line of a batch', () => {
    expect(formatLogLines(line('a\nb\n')).toString()).toBe(`${T} | a\n${T} | b\n`);
    expect(formatLogLines(line('e\n', 'stderr')).toString()).toBe(`${T} ! e\n`);
  });

  it('+ for the continuation of a cut line, on its first line only', () => {
    expect(formatLogLines(line('rest\nnext\n', 'stderr', true)).toString()).toBe(`${T} + rest\n${T} ! next\n`);
  });

  it('the bytes after the prefix are exactly the process bytes', () => {
    const data = Buffer.from([0xff, 0x00, 0x0d, 0x1b, 0x0a]);
    expect(formatLogLines(line(data))).toEqual(Buffer.concat([Buffer.from(`${T} | `), data]));
  });

  it("procman's own lines: # and the text", () => {
    expect(formatLogNote('started with pid 4156', AT).toString()).toBe(`${T} # started with pid 4156\n`);
    expect(droppedNote(1)).toBe('procman dropped 1 line here: the log file did not keep up');
    expect(droppedNote(2500)).toBe('procman dropped 2500 lines here: the log file did not keep up');
  });
});
