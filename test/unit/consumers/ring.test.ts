import { describe, expect, it } from 'vitest';
import { LogLines } from '../../../src/consumers/log-lines.js';
import { LogRing } from '../../../src/consumers/ring.js';
import type { RuntimeEvent } from '../../../src/runtime/events.js';

const at = new Date(2026, 0, 1, 12, 0, 1).getTime();
const line = (name: string, text: string): RuntimeEvent => ({
  kind: 'line',
  name,
  stream: 'stdout',
  bytes: Buffer.from(text),
  continuation: false,
  at,
});
const format = () => new LogLines({ names: ['web.1', 'web.2', 'worker.1'], timestamps: true });

describe('LogRing', () => {
  it('keeps lines as the screen shows them, without colour, with the name each belongs to', () => {
    const ring = new LogRing(format());
    ring.write(line('web.1', 'a\nb\n'));
    ring.write({ kind: 'state', name: 'worker.1', from: 'starting', to: 'running', pid: 42, at });
    ring.write({ kind: 'shutdown', phase: 'begin', cause: 'signal', signal: 'SIGINT', at });
    ring.write({ kind: 'state', name: 'worker.1', from: 'running', to: 'stopping', pid: 42, at }); // not shown on screen
    expect(ring.last(10)).toEqual([
      '12:00:01 web.1    | a',
      '12:00:01 web.1    | b',
      '12:00:01 worker.1 | started with pid 42',
      '12:00:01 system   | SIGINT received, starting shutdown',
    ]);
  });

  it('gives the last N lines of the processes or types named', () => {
    const ring = new LogRing(format());
    for (let i = 1; i <= 5; i++) {
      ring.write(line('web.1', `w1 ${i}\n`));
      ring.write(line('web.2', `w2 ${i}\n`));
      ring.write(line('worker.1', `k ${i}\n`));
    }
    expect(ring.last(2, ['worker'])).toEqual(['12:00:01 worker.1 | k 4', '12:00:01 worker.1 | k 5']);
    expect(ring.last(3, ['web'])).toEqual(['12:00:01 web.2    | w2 4', '12:00:01 web.1    | w1 5', '12:00:01 web.2    | w2 5']);
    expect(ring.last(1, ['web.1'])).toEqual(['12:00:01 web.1    | w1 5']);
    expect(ring.last(0)).toEqual([]);
  });

  it('keeps lines across the wrap of its buffer, dropping the ones overwritten', () => {
    const ring = new LogRing(format(), { lines: 1000, bytes: 64 });
    ring.write(line('web.1', 'aaaaaaaaaaaaaaaaaaa\n')); // 20 bytes at 0
    ring.write({ kind: 'state', name: 'web.2', from: 'starting', to: 'running', pid: 7, at });
    ring.write(line('web.1', 'bbbbbbbbbbbbbbbbbbb\n')); // at 20
    ring.write(line('web.1', 'ccccccccccccccccccc\n')); // at 40
    ring.write(line('web.1', 'ddddddddddddddddddd\n')); // wraps to 0: a goes, and what came before it
    expect(ring.last(10).map((l) => l.slice(-3))).toEqual(['d 7', 'bbb', 'ccc', 'ddd']);
    ring.write(line('web.1', 'eeeeeeeeeeeeeeeeeee\n')); // at 20: b goes, and the event before it
    expect(ring.last(10).map((l) => l.slice(-3))).toEqual(['ccc', 'ddd', 'eee']);
  });

  it('is bounded by lines and by bytes', () => {
    const byLines = new LogRing(format(), { lines: 3, bytes: 1e9 });
    for (let i = 0; i < 5000; i++) byLines.write(line('web.1', `${i}\n`));
    expect(byLines.last(10).map((l) => l.split('| ')[1])).toEqual(['4997', '4998', '4999']);
    const byBytes = new LogRing(format(), { lines: 1e9, bytes: 100 });
    for (let i = 0; i < 100; i++) byBytes.write(line('web.1', `${'x'.repeat(20)} ${i}\n`));
    const kept = byBytes.last(1000);
    expect(kept.length).toBe(4); // 4 lines of 24 bytes: the bound is on the bytes the processes wrote
    expect(kept.at(-1)).toMatch(/ 99$/);
    const huge = new LogRing(format(), { lines: 10, bytes: 10 });
    huge.write(line('web.1', `${'y'.repeat(1000)}\n`));
    // a batch larger than the whole store is not kept (never with the default 2 MiB and the 1 MiB line cap)
    expect(huge.last(5)).toEqual([]);
    huge.write(line('web.1', 'ok\n'));
    expect(huge.last(5)).toEqual(['12:00:01 web.1    | ok']);
  });
});
