import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchSink } from '../../../src/output/batch-sink.js';

const b = (s: string) => Buffer.from(s, 'utf8');

type Callback = (error: NodeJS.ErrnoException | null, written: number) => void;

/** A fake fs.write: records each call (a copy: the sink reuses its buffers) and lets the test complete it. */
function fakeWrite() {
  const calls: Array<{ fd: number; data: string; callback: Callback }> = [];
  const write = (fd: number, buffer: Buffer, callback: Callback) => {
    calls.push({ fd, data: buffer.toString('latin1'), callback });
  };
  let done = 0;
  const complete = (written?: number) => {
    const call = calls[done++];
    if (!call) throw new Error('no write in flight');
    call.callback(null, written ?? Buffer.byteLength(call.data, 'latin1'));
  };
  const fail = (code: string) => {
    const call = calls[done++];
    if (!call) throw new Error('no write in flight');
    call.callback(Object.assign(new Error(`${code}: write failed`), { code }), 0);
  };
  return { write, calls, complete, fail };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BatchSink', () => {
  it('writes what one turn of the event loop gave as one write, to the fd given', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write, fd: 7 });
    sink.write(b('a\n'));
    sink.write(b('b\n'));
    expect(f.calls).toHaveLength(0);
    vi.runOnlyPendingTimers();
    expect(f.calls.map((c) => [c.fd, c.data])).toEqual([[7, 'a\nb\n']]);
  });

  it('keeps one write in flight; what comes meanwhile is the next batch', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write });
    sink.write(b('a\n'));
    vi.runOnlyPendingTimers();
    sink.write(b('b\n'));
    sink.write(b('c\n'));
    vi.runOnlyPendingTimers();
    expect(f.calls.map((c) => c.data)).toEqual(['a\n']);
    expect(sink.pending).toBe(6);
    f.complete();
    vi.runOnlyPendingTimers();
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'b\nc\n']);
    f.complete();
    expect(sink.pending).toBe(0);
  });

  it('writes the rest after a partial write, before the next batch', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write });
    sink.write(b('hello\n'));
    vi.runOnlyPendingTimers();
    sink.write(b('world\n'));
    f.complete(2);
    expect(f.calls[1]?.data).toBe('llo\n');
    f.complete();
    vi.runOnlyPendingTimers();
    expect(f.calls[2]?.data).toBe('world\n');
  });

  it('after a burst, one write per gap; flush writes at once', async () => {
    vi.useFakeTimers();
    let now = 0;
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write, burst: 1, gapMs: 10, now: () => now });
    sink.write(b('a\n'));
    vi.advanceTimersByTime(0);
    expect(f.calls).toHaveLength(1);
    f.complete();
    sink.write(b('b\n'));
    now = 4;
    vi.advanceTimersByTime(4);
    expect(f.calls).toHaveLength(1); // held: the bucket refills in 10 ms
    now = 10;
    vi.advanceTimersByTime(6);
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'b\n']);
    f.complete();
    sink.write(b('c\n'));
    const flushed = sink.flush();
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'b\n', 'c\n']);
    f.complete();
    await expect(flushed).resolves.toBeUndefined();
  });

  it('lends its buffer: room, then commit', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write, highWater: 10 });
    sink.write(b('x'));
    const room = sink.room(1_000_000); // grows past its first size, keeping what it holds
    room.write('yz', sink.length, 'latin1');
    sink.commit(2);
    vi.runOnlyPendingTimers();
    expect(f.calls.map((c) => c.data)).toEqual(['xyz']);
  });

  it('returns false above the high-water mark; onDrain once back under it', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write, highWater: 10 });
    expect(sink.write(b('123456'))).toBe(true);
    vi.runOnlyPendingTimers();
    expect(sink.write(b('1234'))).toBe(false);
    const drained = vi.fn();
    sink.onDrain(drained);
    f.complete();
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('EAGAIN: the same bytes again after 5 ms', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new BatchSink({ write: f.write });
    sink.write(b('a\n'));
    vi.runOnlyPendingTimers();
    f.fail('EAGAIN');
    vi.advanceTimersByTime(5);
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'a\n']);
  });

  it('EPIPE: onError once, later writes dropped, flush resolves', async () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const onError = vi.fn();
    const sink = new BatchSink({ write: f.write, onError });
    sink.write(b('a\n'));
    vi.runOnlyPendingTimers();
    sink.write(b('b\n'));
    const flushed = sink.flush();
    f.fail('EPIPE');
    expect(onError).toHaveBeenCalledTimes(1);
    await expect(flushed).resolves.toBeUndefined();
    expect(sink.write(b('c\n'))).toBe(true);
    vi.runOnlyPendingTimers();
    expect(f.calls).toHaveLength(1);
    expect(sink.pending).toBe(0);
  });
});
