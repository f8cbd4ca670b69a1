// startWatching with a fake watcher (the os/watcher.ts seam) and fake timers: what a change does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WatchHandlers, WatchPaths } from '../../../src/os/watcher.js';
import type { ChangeReason, WatchEvent } from '../../../src/runtime/events.js';
import { planWatch } from '../../../src/watch/plan.js';
import { startWatching } from '../../../src/watch/watching.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function setup(rules: Record<string, string[]>) {
  const plan = planWatch(new Map(Object.entries(rules)), '/app');
  const restarts: Array<[string, ChangeReason]> = [];
  const events: WatchEvent[] = [];
  let handlers: WatchHandlers | undefined;
  let watched: readonly string[] = [];
  const closed = vi.fn(async () => {});
  const watch: WatchPaths = (paths, h) => {
    watched = paths;
    handlers = h;
    return { close: closed };
  };
  const watching = startWatching(plan, {
    restart: (type, reason) => restarts.push([type, reason]),
    emit: (event) => events.push(event),
    watch,
    now: () => 5,
  });
  const fs = () => {
    if (!handlers) throw new Error('not watching');
    return handlers;
  };
  return { watching, restarts, events, fs, watched: () => watched, closed };
}

describe('startWatching', () => {
  it('watches the roots; says when ready, with the paths as given', () => {
    const t = setup({ web: ['src', 'lib'], worker: ['jobs/*.js'] });
    expect(t.watched()).toEqual(['/app/src', '/app/lib', '/app/jobs']);
    t.fs().ready();
    expect(t.events).toEqual([
      {
        kind: 'watch',
        phase: 'ready',
        types: [
          { type: 'web', paths: ['src', 'lib'] },
          { type: 'worker', paths: ['jobs/*.js'] },
        ],
        at: 5,
      },
    ]);
  });

  it('a burst of 500 files restarts the type once, saying which and how many', () => {
    const t = setup({ web: ['src'], worker: ['jobs'] });
    for (let i = 0; i < 500; i++) t.fs().changed(`/app/src/gen/f${i}.js`);
    vi.advanceTimersByTime(199);
    expect(t.restarts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(t.restarts).toHaveLength(1);
    expect(t.restarts[0]?.[0]).toBe('web');
    expect(t.restarts[0]?.[1]).toMatchObject({ kind: 'change', count: 500, paths: expect.arrayContaining(['src/gen/f0.js']) });
  });

  it('changes under node_modules or .git, or under no watched path, restart nothing', () => {
    const t = setup({ web: ['.'] });
    expect(t.fs().ignored('/app/node_modules')).toBe(true);
    t.fs().changed('/app/node_modules/dep/index.js');
    t.fs().changed('/app/.git/index');
    t.fs().changed('/elsewhere/x.js');
    vi.advanceTimersByTime(1000);
    expect(t.restarts).toEqual([]);
    t.fs().changed('/app/src/app.js');
    vi.advanceTimersByTime(200);
    expect(t.restarts).toEqual([['web', { kind: 'change', paths: ['src/app.js'], count: 1 }]]);
  });

  it('reports the first error of each code; close stops the watcher and drops pending changes', async () => {
    const t = setup({ web: ['src'] });
    const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    t.fs().error(enospc);
    t.fs().error(enospc);
    expect(t.events).toEqual([{ kind: 'watch', phase: 'error', code: 'ENOSPC', at: 5 }]);
    t.fs().changed('/app/src/app.js');
    await t.watching.close();
    expect(t.closed).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(1000);
    expect(t.restarts).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
