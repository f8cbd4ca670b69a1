import { describe, expect, it } from 'vitest';
import { quietFilter } from '../../../src/output/quiet.js';
import type { RuntimeEvent } from '../../../src/runtime/events.js';

const line = (name: string): RuntimeEvent => ({
  kind: 'line',
  name,
  stream: 'stdout',
  bytes: Buffer.from('x\n'),
  continuation: false,
  at: 0,
});
const started = (name: string): RuntimeEvent => ({ kind: 'state', name, from: 'starting', to: 'running', pid: 1, at: 0 });

describe('quietFilter (-q/--quiet)', () => {
  it('hides the output lines of the named types, every instance, stdout and stderr', () => {
    const hides = quietFilter(['worker', 'clock']);
    expect(hides(line('worker.1'))).toBe(true);
    expect(hides(line('worker.12'))).toBe(true);
    expect(hides({ ...line('clock.1'), stream: 'stderr' } as RuntimeEvent)).toBe(true);
    expect(hides(line('web.1'))).toBe(false);
    expect(hides(line('workers.1'))).toBe(false);
  });

  it('keeps their state lines and every system line', () => {
    const hides = quietFilter(['worker']);
    expect(hides(started('worker.1'))).toBe(false);
    expect(hides({ kind: 'shutdown', phase: 'term', names: ['worker.1'], signal: 'SIGTERM', all: true, at: 0 })).toBe(false);
    expect(hides({ kind: 'log-file', name: 'worker.1', path: 'l/worker.1.log', code: 'EIO', at: 0 })).toBe(false);
  });

  it('hides nothing without types', () => {
    expect(quietFilter([])(line('web.1'))).toBe(false);
  });
});
