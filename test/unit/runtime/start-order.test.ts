import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessSpec } from '../../../src/project/ports.js';
import { lifecyclePolicies } from '../../../src/runtime/policies/index.js';
import { defaultReadyRule, lineMatches, parseReadyRule, type ReadyRule } from '../../../src/runtime/readiness.js';
import { Runtime } from '../../../src/runtime/runtime.js';
import type { PortProbe } from '../../../src/runtime/seams.js';
import type { StopRule } from '../../../src/runtime/shutdown.js';
import { checkStartOrder, dependenciesOf, findCycle } from '../../../src/runtime/start-order.js';
import { fakeControl, fakeOutput, fakeSignals, fakeSpawn } from './fakes.js';

const spec = (name: string, port = 5000): ProcessSpec => ({
  name,
  type: name.split('.')[0] ?? name,
  instance: Number(name.split('.')[1] ?? 1),
  command: `run ${name}`,
  port,
  env: { PS: name },
});

/** A probe whose listening ports the test sets; it records what it was asked. */
function fakeProbe() {
  const listening = new Set<number>();
  const asked: number[][] = [];
  const probe: PortProbe = {
    listening: async (targets) => {
      asked.push(targets.map((t) => t.port));
      return new Set(targets.filter((t) => listening.has(t.port)).map((t) => t.port));
    },
    inUse: async () => new Map(),
  };
  return { probe, listening, asked };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

interface Setup {
  specs: ProcessSpec[];
  dependencies?: Record<string, string[]>;
  rules?: Record<string, ReadyRule>;
  stopRule?: (spec: ProcessSpec) => StopRule;
  canDie?: string[];
  timeoutMs?: number;
}

function setup({ specs, dependencies = {}, rules = {}, stopRule, canDie, timeoutMs = 5000 }: Setup) {
  let now = 1_000;
  const sp = fakeSpawn();
  const ctl = fakeControl();
  const sig = fakeSignals();
  const out = fakeOutput();
  const pr = fakeProbe();
  const runtime = new Runtime(specs, {
    spawn: sp.spawn,
    control: ctl.control,
    signals: sig.signals,
    output: out.output,
    cwd: '/app',
    timeoutMs,
    now: () => now,
    plan: { dependencies: new Map(Object.entries(dependencies)), rules: new Map(Object.entries(rules)) },
    probe: pr.probe,
    stopRule,
    policies: lifecyclePolicies({ canDie: new Set(canDie ?? []), release: specs.some((s) => s.type === 'release') }),
  });
  const started = () => sp.children.map((c) => c.request.env.PS);
  const child = (name: string) => {
    const found = sp.children.filter((c) => c.request.env.PS === name).at(-1);
    if (!found) throw new Error(`${name} was not started`);
    return found;
  };
  return { runtime, ...sp, ...ctl, ...sig, ...out, ...pr, started, child, tick: (ms: number) => (now += ms) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('readiness rules', () => {
  it('parses port, port:N, /regex/flags and started; refuses the rest with one clear line', () => {
    expect(parseReadyRule('port', 'web')).toEqual({ kind: 'port' });
    expect(parseReadyRule('port:6379', 'redis')).toEqual({ kind: 'port', port: 6379 });
    expect(parseReadyRule('started', 'worker')).toEqual({ kind: 'started' });
    const line = parseReadyRule('/listening on \\d+/i', 'web');
    expect(line).toEqual({ kind: 'line', pattern: /listening on \d+/i });
    expect(() => parseReadyRule('port:70000', 'web')).toThrow(
      'invalid --ready rule "port:70000" for web: expected port, port:N, /regex/ or started',
    );
    expect(() => parseReadyRule('soon', 'web')).toThrow('invalid --ready rule "soon"');
    expect(() => parseReadyRule('/(/', 'web')).toThrow(/invalid --ready pattern for web: /);
  });

  it('by default: web and commands that use $PORT wait for their port; others are ready once started', () => {
    expect(defaultReadyRule('web', 'node web.js')).toEqual({ kind: 'port' });
    expect(defaultReadyRule('redis', 'redis-server --port $PORT')).toEqual({ kind: 'port' });
    expect(defaultReadyRule('api', 'gunicorn -b :${PORT} app:app')).toEqual({ kind: 'port' });
    expect(defaultReadyRule('worker', 'node worker.js')).toEqual({ kind: 'started' });
  });

  it('a pattern is tested against each whole line', () => {
    expect(lineMatches(/^ready$/, Buffer.from('booting\nready\n'))).toBe(true);
    expect(lineMatches(/^ready$/, Buffer.from('not ready\n'))).toBe(false);
  });
});

describe('start order', () => {
  it('dependenciesOf: every instance of the types it starts after, and the release processes', () => {
    const specs = [spec('release.1'), spec('db.1'), spec('web.1'), spec('web.2'), spec('worker.1')];
    const deps = dependenciesOf(
      specs,
      new Map([
        ['web', ['db']],
        ['worker', ['web']],
      ]),
      { release: true },
    );
    expect(Object.fromEntries(deps)).toEqual({
      'db.1': ['release.1'],
      'web.1': ['release.1', 'db.1'],
      'web.2': ['release.1', 'db.1'],
      'worker.1': ['release.1', 'web.1', 'web.2'],
    });
  });

  it('finds a cycle and names it; refuses unknown types and a type after itself', () => {
    expect(
      findCycle(
        new Map([
          ['web', ['db']],
          ['db', ['cache']],
          ['cache', ['web']],
        ]),
      ),
    ).toEqual(['web', 'db', 'cache', 'web']);
    expect(
      findCycle(
        new Map([
          ['web', ['db']],
          ['worker', ['db', 'web']],
        ]),
      ),
    ).toBeUndefined();
    expect(() =>
      checkStartOrder(
        new Map([
          ['web', ['db']],
          ['db', ['web']],
        ]),
        ['web', 'db'],
      ),
    ).toThrow('--after has a cycle: web -> db -> web');
    expect(() => checkStartOrder(new Map([['web', ['dbb']]]), ['web', 'db'])).toThrow(
      'unknown process type "dbb" in --after; known: web, db',
    );
    expect(() => checkStartOrder(new Map([['web', ['web']]]), ['web'])).toThrow('--after: web cannot start after itself');
  });

  it('starts a process once what it starts after listens on its port; says so once, with the time', async () => {
    const t = setup({
      specs: [spec('db.1', 5100), spec('web.1', 5000)],
      dependencies: { 'web.1': ['db.1'] },
      rules: { 'db.1': { kind: 'port' } },
    });
    void t.runtime.run();
    expect(t.started()).toEqual(['db.1']);
    expect(t.runtime.status().map((s) => s.state)).toEqual(['running', 'waiting']);
    await vi.advanceTimersByTimeAsync(300);
    expect(t.asked.at(-1)).toEqual([5100]);
    expect(t.started()).toEqual(['db.1']);
    t.tick(1300);
    t.listening.add(5100);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.started()).toEqual(['db.1', 'web.1']);
    expect(t.lines().filter((l) => l.includes('ready'))).toEqual(['db.1 ready on port 5100 after 1.3 s']);
    expect(t.runtime.status()[0]?.state).toBe('ready');
    // nothing is probed any more
    const asked = t.asked.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.asked.length).toBe(asked);
  });

  it('a line rule: ready when a line matches', async () => {
    const t = setup({
      specs: [spec('db.1'), spec('web.1')],
      dependencies: { 'web.1': ['db.1'] },
      rules: { 'db.1': { kind: 'line', pattern: /accepting connections/ } },
    });
    void t.runtime.run();
    t.child('db.1').write('stdout', 'starting\n');
    expect(t.started()).toEqual(['db.1']);
    t.child('db.1').write('stdout', 'database system is ready to accept connections\nLOG: accepting connections\n');
    expect(t.started()).toEqual(['db.1', 'web.1']);
    expect(t.lines()).toContain('db.1 ready after 0 s (a line matched /accepting connections/)');
  });

  it('while waiting, says what for, every 5 s', async () => {
    const t = setup({
      specs: [spec('db.1', 5100), spec('web.1')],
      dependencies: { 'web.1': ['db.1'] },
      rules: { 'db.1': { kind: 'port' } },
    });
    void t.runtime.run();
    await vi.advanceTimersByTimeAsync(4999);
    expect(t.lines().filter((l) => l.includes('waiting'))).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.lines().filter((l) => l.includes('waiting'))).toEqual(['web.1 waiting for db.1 (port 5100)']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.lines().filter((l) => l.includes('waiting'))).toHaveLength(2);
  });

  it('a dependency that exits before it is ready ends the run; its dependents never start', async () => {
    const t = setup({ specs: [spec('db.1'), spec('web.1')], dependencies: { 'web.1': ['db.1'] }, rules: { 'db.1': { kind: 'port' } } });
    const done = t.runtime.run();
    t.child('db.1').finish({ code: 1, signal: null });
    await expect(done).resolves.toBe(1);
    expect(t.started()).toEqual(['db.1']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('release first, alone: on exit 0 the rest start; on a failure nothing else starts and its code is the exit code', async () => {
    const ok = setup({
      specs: [spec('release.1'), spec('web.1')],
      dependencies: { 'web.1': ['release.1'] },
      rules: { 'release.1': { kind: 'completed' } },
    });
    void ok.runtime.run();
    expect(ok.started()).toEqual(['release.1']);
    ok.child('release.1').finish({ code: 0, signal: null });
    await settle();
    expect(ok.started()).toEqual(['release.1', 'web.1']);
    expect(ok.lines()).toEqual(['release.1 started 101', 'release.1 exited with code 0', 'web.1 started 102']);

    const failed = setup({
      specs: [spec('release.1'), spec('web.1')],
      dependencies: { 'web.1': ['release.1'] },
      rules: { 'release.1': { kind: 'completed' } },
    });
    const done = failed.runtime.run();
    failed.child('release.1').finish({ code: 3, signal: null });
    await expect(done).resolves.toBe(3);
    expect(failed.started()).toEqual(['release.1']);
  });

  it('Ctrl-C while processes wait: they never start; exit code 0', async () => {
    const t = setup({ specs: [spec('db.1'), spec('web.1')], dependencies: { 'web.1': ['db.1'] }, rules: { 'db.1': { kind: 'port' } } });
    const done = t.runtime.run();
    t.send('SIGINT');
    t.child('db.1').finish({ code: null, signal: 'SIGTERM' });
    await expect(done).resolves.toBe(0);
    t.listening.add(5000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.started()).toEqual(['db.1']);
  });
});

describe('ordered shutdown', () => {
  const TERM = { code: null, signal: 'SIGTERM' as const };

  it('dependents get SIGTERM first; what they started after, once they are gone', async () => {
    const t = setup({
      specs: [spec('db.1'), spec('web.1'), spec('worker.1')],
      dependencies: { 'web.1': ['db.1'], 'worker.1': ['web.1'] },
      rules: { 'db.1': { kind: 'started' }, 'web.1': { kind: 'started' } },
    });
    const done = t.runtime.run();
    expect(t.started()).toEqual(['db.1', 'web.1', 'worker.1']);
    t.send('SIGINT');
    expect(t.calls).toEqual(['group 103 SIGTERM']);
    expect(t.lines()).toContain('system sending SIGTERM to worker.1');
    t.child('worker.1').finish(TERM);
    await settle();
    expect(t.calls).toEqual(['group 103 SIGTERM', 'group 102 SIGTERM']);
    t.child('web.1').finish(TERM);
    await settle();
    expect(t.calls.at(-1)).toBe('group 101 SIGTERM');
    t.child('db.1').finish(TERM);
    await expect(done).resolves.toBe(0);
  });

  it('still bounded by -t overall: at the timeout, everything left is killed', async () => {
    const t = setup({
      specs: [spec('db.1'), spec('web.1')],
      dependencies: { 'web.1': ['db.1'] },
      rules: { 'db.1': { kind: 'started' } },
      timeoutMs: 1000,
    });
    void t.runtime.run();
    t.send('SIGTERM');
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.calls).toEqual(['group 102 SIGTERM', 'tree 101 SIGKILL', 'tree 102 SIGKILL', 'group 101 SIGKILL', 'group 102 SIGKILL']);
  });

  it('a type stop signal and timeout of its own', async () => {
    const t = setup({
      specs: [spec('web.1'), spec('worker.1')],
      stopRule: (s) => (s.type === 'web' ? { signal: 'SIGINT', timeoutMs: 3000 } : { signal: 'SIGTERM', timeoutMs: 1000 }),
    });
    void t.runtime.run();
    t.send('SIGTERM');
    expect(t.calls).toEqual(['group 101 SIGINT', 'group 102 SIGTERM']);
    expect(t.lines().filter((l) => l.startsWith('system sending'))).toEqual([
      'system sending SIGINT to web.1',
      'system sending SIGTERM to worker.1',
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.lines().at(-1)).toBe('system sending SIGKILL to worker.1');
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.lines().at(-1)).toBe('system sending SIGKILL to web.1');
  });
});
