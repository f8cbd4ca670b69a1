import { describe, expect, it } from 'vitest';
import { listenerConsumer } from '../../../src/consumers/listener.js';
import { watchdogFeed } from '../../../src/consumers/watchdog-feed.js';
import type { RuntimeEvent } from '../../../src/runtime/events.js';

const state = (to: 'running' | 'exited' | 'starting', pid: number | undefined): RuntimeEvent => ({
  kind: 'state',
  name: 'web.1',
  from: 'starting',
  to,
  pid,
  at: 0,
});

describe('watchdogFeed', () => {
  it('tells the watchdog every process group as it starts, restarts included, and nothing else', () => {
    const watched: number[] = [];
    const feed = watchdogFeed({ watch: (pgid) => watched.push(pgid) });
    expect(feed.write(state('running', 101))).toBe(true);
    feed.write(state('exited', 101));
    feed.write(state('starting', undefined));
    feed.write(state('running', 102));
    feed.write(state('running', undefined));
    feed.write({ kind: 'shutdown', phase: 'term', names: ['web.1'], signal: 'SIGTERM', all: true, at: 0 });
    expect(watched).toEqual([101, 102]);
  });
});

describe('listenerConsumer', () => {
  it('passes every event on and never pauses', () => {
    const seen: RuntimeEvent[] = [];
    const consumer = listenerConsumer((e) => seen.push(e));
    expect(consumer.write(state('running', 1))).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('a listener that throws does not break the caller: the error is rethrown on its own tick', () => {
    const rethrown: unknown[] = [];
    const consumer = listenerConsumer(
      () => {
        throw new Error('listener bug');
      },
      { rethrow: (error) => rethrown.push(error) },
    );
    expect(consumer.write(state('running', 1))).toBe(true);
    expect(rethrown).toEqual([new Error('listener bug')]);
  });
});
