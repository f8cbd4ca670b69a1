import { describe, expect, it } from 'vitest';
import { LogFile, type LogSink } from '../../../src/consumers/log-file.js';
import type { RuntimeEvent, StreamName } from '../../../src/runtime/events.js';
import { Fanout } from '../../../src/runtime/fanout.js';

const AT = Date.UTC(2026, 11, 2, 14, 0, 1, 123);
const T = '2026-12-02T14:00:01.123Z';

const line = (name: string, text: string, stream: StreamName = 'stdout'): RuntimeEvent => ({
  kind: 'line',
  name,
  stream,
  bytes: Buffer.from(text),
  continuation: false,
  at: AT,
});
const started = (name: string, pid: number): RuntimeEvent => ({ kind: 'state', name, from: 'starting', to: 'running', pid, at: AT });
const exited = (name: string): RuntimeEvent => ({
  kind: 'state',
  name,
  from: 'running',
  to: 'exited',
  pid: 1,
  status: { code: 0, signal: null },
  at: AT,
});

/** A log file's queue: takes everything, says full when told, drains when told. */
function fakeSink() {
  const chunks: string[] = [];
  let full = false;
  let drained: (() => void) | undefined;
  const sink: LogSink = {
    write(chunk) {
      chunks.push(chunk.toString());
      return !full;
    },
    onDrain(listener) {
      drained = listener;
    },
  };
  return {
    sink,
    text: () => chunks.join(''),
    fill: () => {
      full = true;
    },
    drain: () => {
      full = false;
      const listener = drained;
      drained = undefined;
      listener?.();
    },
  };
}

describe('LogFile', () => {
  it("writes its process's output lines and its started/exited lines, nothing of the others", () => {
    const f = fakeSink();
    const log = new LogFile('web.1', f.sink);
    for (const event of [
      started('web.1', 4156),
      started('worker.1', 4157),
      line('web.1', 'hello\n'),
      line('worker.1', 'not mine\n'),
      line('web.1', 'oops\n', 'stderr'),
      { kind: 'state', name: 'web.1', from: 'running', to: 'stopping', pid: 4156, at: AT } as RuntimeEvent,
      { kind: 'shutdown', phase: 'term', names: ['web.1'], signal: 'SIGTERM', all: true, at: AT } as RuntimeEvent,
      exited('web.1'),
    ]) {
      expect(log.write(event)).toBe(true);
    }
    expect(f.text()).toBe(`${T} # started with pid 4156\n${T} | hello\n${T} ! oops\n${T} # exited with code 0\n`);
  });

  it('weighs a missed event by its lines, when it is its own output', () => {
    const log = new LogFile('web.1', fakeSink().sink);
    expect(log.weigh(line('web.1', 'a\nb\nc\n'))).toBe(3);
    expect(log.weigh(line('worker.1', 'a\n'))).toBe(0);
    expect(log.weigh(started('web.1', 1))).toBe(0);
  });
});

describe('LogFile in a fan-out', () => {
  it('a full queue never holds the console back: lines are dropped, then one line says how many', () => {
    const console: string[] = [];
    const fanout = new Fanout();
    const screen = {
      write: (e: RuntimeEvent) => {
        if (e.kind === 'line') console.push(e.bytes.toString());
        return true;
      },
    };
    fanout.add(screen, { pauses: true });
    const web = fakeSink();
    const worker = fakeSink();
    fanout.add(new LogFile('web.1', web.sink, () => AT + 1000));
    fanout.add(new LogFile('worker.1', worker.sink));
    expect(fanout.write(line('web.1', 'one\n'))).toBe(true);
    web.fill();
    expect(fanout.write(line('web.1', 'two\n'))).toBe(true); // queued, and now the queue is full
    expect(fanout.write(line('web.1', 'three\nfour\n'))).toBe(true);
    expect(fanout.write(line('worker.1', 'w1\n'))).toBe(true);
    expect(fanout.write(line('web.1', 'five\n', 'stderr'))).toBe(true);
    web.drain();
    expect(fanout.write(line('web.1', 'six\n'))).toBe(true);
    expect(console).toEqual(['one\n', 'two\n', 'three\nfour\n', 'w1\n', 'five\n', 'six\n']);
    expect(worker.text()).toBe(`${T} | w1\n`);
    expect(web.text()).toBe(
      [
        `${T} | one`,
        `${T} | two`,
        '2026-12-02T14:00:02.123Z # procman dropped 3 lines here: the log file did not keep up',
        `${T} | six`,
        '',
      ].join('\n'),
    );
  });

  it('no marker when only events of other processes were missed', () => {
    const fanout = new Fanout();
    const web = fakeSink();
    fanout.add(new LogFile('web.1', web.sink));
    web.fill();
    fanout.write(line('web.1', 'one\n'));
    fanout.write(line('worker.1', 'w\n'));
    web.drain();
    expect(web.text()).toBe(`${T} | one\n`);
  });
});
