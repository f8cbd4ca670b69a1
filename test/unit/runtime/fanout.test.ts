import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../../../src/runtime/events.js';
import { Fanout, type LossyConsumer } from '../../../src/runtime/fanout.js';

const event = (n: number): RuntimeEvent => ({
  kind: 'line',
  name: 'web.1',
  stream: 'stdout',
  bytes: Buffer.from(`${n}\n`),
  continuation: false,
  at: n,
});

/** A consumer that records what it got; `full` makes write return false until `drain()`. */
function recorder() {
  const got: number[] = [];
  const drops: number[] = [];
  let full = false;
  let drainListener: (() => void) | undefined;
  const consumer: LossyConsumer = {
    write(e) {
      got.push(e.at);
      return !full;
    },
    onDrain(listener) {
      drainListener = listener;
    },
    dropped(count) {
      drops.push(count);
    },
  };
  return {
    consumer,
    got,
    drops,
    fill: () => {
      full = true;
    },
    drain: () => {
      full = false;
      const listener = drainListener;
      drainListener = undefined;
      listener?.();
    },
    waiting: () => drainListener !== undefined,
  };
}

describe('Fanout', () => {
  it('sends every event to every consumer, in the order they were added', () => {
    const order: string[] = [];
    const fanout = new Fanout();
    const named = (name: string) => ({
      write: (e: RuntimeEvent) => {
        order.push(`${name}${e.at}`);
        return true;
      },
    });
    fanout.add(named('a'));
    fanout.add(named('b'));
    expect(fanout.write(event(1))).toBe(true);
    expect(fanout.write(event(2))).toBe(true);
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('a pausing consumer that is behind makes write return false; onDrain waits for it', () => {
    const screen = recorder();
    const fanout = new Fanout();
    fanout.add(screen.consumer, { pauses: true });
    screen.fill();
    expect(fanout.write(event(1))).toBe(false);
    // it still gets every event while behind (the processes are paused; state lines go on)
    expect(fanout.write(event(2))).toBe(false);
    expect(screen.got).toEqual([1, 2]);
    let drained = 0;
    fanout.onDrain(() => drained++);
    expect(drained).toBe(0);
    screen.drain();
    expect(drained).toBe(1);
    expect(fanout.write(event(3))).toBe(true);
  });

  it('onDrain with nobody behind calls back on the next microtask', async () => {
    const fanout = new Fanout();
    fanout.add(recorder().consumer, { pauses: true });
    let drained = false;
    fanout.onDrain(() => {
      drained = true;
    });
    expect(drained).toBe(false);
    await Promise.resolve();
    expect(drained).toBe(true);
  });

  it('a consumer that does not pause cannot stall the others: while behind, its events are dropped and counted', () => {
    const screen = recorder();
    const logFile = recorder();
    const fanout = new Fanout();
    fanout.add(screen.consumer, { pauses: true });
    fanout.add(logFile.consumer);
    logFile.fill();
    expect(fanout.write(event(1))).toBe(true); // the log file falls behind: nobody is paused
    expect(fanout.write(event(2))).toBe(true);
    expect(fanout.write(event(3))).toBe(true);
    expect(screen.got).toEqual([1, 2, 3]);
    expect(logFile.got).toEqual([1]);
    logFile.drain();
    expect(logFile.drops).toEqual([2]);
    fanout.write(event(4));
    expect(logFile.got).toEqual([1, 4]);
  });

  it('waits for every pausing consumer that is behind', () => {
    const a = recorder();
    const b = recorder();
    const fanout = new Fanout();
    fanout.add(a.consumer, { pauses: true });
    fanout.add(b.consumer, { pauses: true });
    a.fill();
    b.fill();
    fanout.write(event(1));
    let drained = 0;
    fanout.onDrain(() => drained++);
    a.drain();
    expect(drained).toBe(0);
    b.drain();
    expect(drained).toBe(1);
  });

  it('the unsubscribe removes a consumer', () => {
    const a = recorder();
    const fanout = new Fanout();
    const off = fanout.add(a.consumer);
    fanout.write(event(1));
    off();
    fanout.write(event(2));
    expect(a.got).toEqual([1]);
  });

  it('a consumer with weigh counts what it missed in its own units (0: an event it would have ignored)', () => {
    const log = recorder();
    const consumer = { ...log.consumer, weigh: (e: RuntimeEvent) => (e.at % 2 === 0 ? 0 : e.at) };
    const fanout = new Fanout();
    fanout.add(consumer);
    log.fill();
    fanout.write(event(1));
    fanout.write(event(3));
    fanout.write(event(4));
    fanout.write(event(5));
    log.drain();
    expect(log.drops).toEqual([8]);
    // nothing it counts was missed: no dropped call
    log.fill();
    fanout.write(event(7));
    fanout.write(event(2));
    log.drain();
    expect(log.drops).toEqual([8]);
  });
});
