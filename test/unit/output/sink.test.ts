import { afterEach, describe, expect, it, vi } from 'vitest';
import { FdSink } from '../../../src/output/sink.js';

const b = (s: string) => Buffer.from(s, 'utf8');

type Callback = (error: NodeJS.ErrnoException | null, written: number) => void;

/** A fake fs.write: records each call and lets the test complete it. */
function fakeWrite() {
  const calls: Array<{ fd: number; data: string; callback: Callback }> = [];
  const write = (fd: number, buffer: Buffer, callback: Callback) => {
    calls.push({ fd, data: buffer.toString('latin1'), callback });
  };
  /** Completes the oldest uncompleted call, writing `written` bytes (all by default). */
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
  return { write, calls, complete, fail, written: () => calls.slice(0, done).map((c) => c.data) };
}

const errno = (code: string) => Object.assign(new Error(code), { code }) as NodeJS.ErrnoException;

afterEach(() => {
  vi.useRealTimers();
});

describe('FdSink', () => {
  it('writes to fd 1 by default, and to the fd given', () => {
    const a = fakeWrite();
    new FdSink({ write: a.write }).write(b('x'));
    const c = fakeWrite();
    new FdSink({ write: c.write, fd: 7 }).write(b('y'));
    expect(a.calls.map((x) => [x.fd, x.data])).toEqual([[1, 'x']]);
    expect(c.calls.map((x) => [x.fd, x.data])).toEqual([[7, 'y']]);
  });

  it('keeps one write in flight and coalesces what comes meanwhile', () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write });
    sink.write(b('a\n'));
    sink.write(b('b\n'));
    sink.write(b('c\n'));
    expect(f.calls.map((c) => c.data)).toEqual(['a\n']);
    expect(sink.pending).toBe(6);
    f.complete();
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'b\nc\n']);
    expect(sink.pending).toBe(4);
    f.complete();
    expect(sink.pending).toBe(0);
    sink.write(b('d\n'));
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'b\nc\n', 'd\n']);
  });

  it('writes the rest after a partial write, before anything queued later', () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write });
    sink.write(b('hello\n'));
    sink.write(b('world\n'));
    f.complete(2);
    expect(f.calls[1]?.data).toBe('llo\nworld\n');
    expect(sink.pending).toBe(10);
    f.complete(3);
    expect(f.calls[2]?.data).toBe('\nworld\n');
    f.complete();
    expect(sink.pending).toBe(0);
    expect(f.written()).toEqual(['hello\n', 'llo\nworld\n', '\nworld\n']);
  });

  it('retries after EAGAIN, after 5 ms, with the same bytes first', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const onError = vi.fn();
    const sink = new FdSink({ write: f.write, onError });
    sink.write(b('a\n'));
    f.fail('EAGAIN');
    sink.write(b('b\n')); // still "writing": must not start a second write
    expect(f.calls).toHaveLength(1);
    vi.advanceTimersByTime(4);
    expect(f.calls).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(f.calls.map((c) => c.data)).toEqual(['a\n', 'a\nb\n']);
    f.complete();
    expect(sink.pending).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('EPIPE: onError once, later writes dropped, flush resolves', async () => {
    const f = fakeWrite();
    const onError = vi.fn();
    const sink = new FdSink({ write: f.write, onError });
    sink.write(b('a\n'));
    sink.write(b('b\n'));
    const flushed = sink.flush();
    f.fail('EPIPE');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'EPIPE' });
    await expect(flushed).resolves.toBeUndefined();
    expect(sink.pending).toBe(0);
    expect(sink.write(b('c\n'))).toBe(true);
    expect(sink.write(b('d\n'))).toBe(true);
    expect(f.calls).toHaveLength(1);
    expect(onError).toHaveBeenCalledTimes(1);
    await expect(sink.flush()).resolves.toBeUndefined();
  });

  it('any other error fails the sink too', () => {
    const f = fakeWrite();
    const onError = vi.fn();
    const sink = new FdSink({ write: f.write, onError });
    sink.write(b('a'));
    f.fail('EIO');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'EIO' }));
    sink.write(b('b'));
    expect(f.calls).toHaveLength(1);
  });

  it('flush resolves at once when idle', async () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write });
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(f.calls).toHaveLength(0);
  });

  it('flush resolves only when everything accepted so far is written', async () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write });
    let flushed = false;
    sink.write(b('a'));
    void sink.flush().then(() => {
      flushed = true;
    });
    sink.write(b('b'));
    f.complete();
    await Promise.resolve();
    expect(flushed).toBe(false);
    f.complete();
    await Promise.resolve();
    expect(flushed).toBe(true);
  });

  it('returns false above the high-water mark; onDrain fires once back under it', () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write, highWater: 10 });
    expect(sink.write(b('123456'))).toBe(true); // 6 queued
    expect(sink.write(b('123'))).toBe(true); // 9
    expect(sink.write(b('1'))).toBe(false); // 10: at the mark
    const drained = vi.fn();
    sink.onDrain(drained);
    expect(drained).not.toHaveBeenCalled();
    f.complete(); // 6 written: 4 left
    expect(drained).toHaveBeenCalledTimes(1);
    f.complete();
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('onDrain waits through partial writes that stay above the mark', () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write, highWater: 4 });
    expect(sink.write(b('abcdefgh'))).toBe(false);
    const drained = vi.fn();
    sink.onDrain(drained);
    f.complete(2); // 6 left
    expect(drained).not.toHaveBeenCalled();
    f.complete(3); // 3 left
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('onDrain when already under the mark is called asynchronously', async () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write, highWater: 10 });
    sink.write(b('abc'));
    const drained = vi.fn();
    sink.onDrain(drained);
    expect(drained).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('onDrain listeners waiting when the sink fails are released', () => {
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write, highWater: 2 });
    sink.write(b('abc'));
    const drained = vi.fn();
    sink.onDrain(drained);
    f.fail('EPIPE');
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('uses the errno object it was given', () => {
    const f = fakeWrite();
    const onError = vi.fn();
    const sink = new FdSink({
      onError,
      write: (fd, buffer, callback) => f.write(fd, buffer, callback),
    });
    sink.write(b('x'));
    const error = errno('EPIPE');
    f.calls[0]?.callback(error, 0);
    expect(onError).toHaveBeenCalledWith(error);
  });

  it('abandon: drops the queue, writes nothing more, and says whether a write is still in flight', async () => {
    const f = fakeWrite();
    const onError = vi.fn();
    const sink = new FdSink({ write: f.write, onError, highWater: 4 });
    sink.write(b('abcdef'));
    sink.write(b('gh'));
    const drained = vi.fn();
    sink.onDrain(drained);
    let flushed = false;
    void sink.flush().then(() => {
      flushed = true;
    });
    expect(sink.abandon()).toBe(false); // 'abcdef' is in flight
    expect(sink.pending).toBe(0);
    expect(drained).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(flushed).toBe(false);
    f.complete(); // the write in flight ends: nothing follows it
    await Promise.resolve();
    expect(flushed).toBe(true);
    expect(sink.write(b('ij'))).toBe(true);
    expect(f.calls.map((c) => c.data)).toEqual(['abcdef']);
    expect(sink.abandon()).toBe(true);
    expect(onError).not.toHaveBeenCalled();
  });

  it('abandon while waiting to retry after EAGAIN cancels the retry: nothing keeps the loop alive', () => {
    vi.useFakeTimers();
    const f = fakeWrite();
    const sink = new FdSink({ write: f.write });
    sink.write(b('a\n'));
    f.fail('EAGAIN');
    expect(vi.getTimerCount()).toBe(1);
    expect(sink.abandon()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(f.calls).toHaveLength(1);
  });
});
