import { describe, expect, it } from 'vitest';
import { parsePortOption } from '../../../src/options.js';
import { parseFormation, unknownTypeError } from '../../../src/project/formation.js';
import { basePortFor, DEFAULT_PORT, expandFormation, portFor } from '../../../src/project/ports.js';
import type { ProcfileEntry } from '../../../src/project/procfile.js';
import { caught } from '../caught.js';

const entries: ProcfileEntry[] = [
  { name: 'web', command: 'node web.js', line: 1 },
  { name: 'worker', command: 'node worker.js', line: 2 },
  { name: 'clock', command: 'node clock.js', line: 4 },
];

/** `name:port` of every spec, in order. */
const ports = (specs: { name: string; port: number }[]) => specs.map((s) => `${s.name}:${s.port}`);

describe('expandFormation', () => {
  it('runs one of each by default, ports base + 100 per position', () => {
    const specs = expandFormation(entries);
    expect(ports(specs)).toEqual(['web.1:5000', 'worker.1:5100', 'clock.1:5200']);
    expect(DEFAULT_PORT).toBe(5000);
  });

  it('builds the full spec with PORT and PS in the env', () => {
    const [web] = expandFormation(entries, { only: ['web'] });
    expect(web).toEqual({
      name: 'web.1',
      type: 'web',
      instance: 1,
      command: 'node web.js',
      port: 5000,
      env: { PORT: '5000', PS: 'web.1', PYTHONUNBUFFERED: '1' },
    });
  });

  it('numbers instances: base + 100 * position + (instance - 1)', () => {
    const specs = expandFormation(entries, { formation: parseFormation('web=2,worker=3,clock=1') });
    expect(ports(specs)).toEqual(['web.1:5000', 'web.2:5001', 'worker.1:5100', 'worker.2:5101', 'worker.3:5102', 'clock.1:5200']);
    expect(specs.map((s) => s.instance)).toEqual([1, 2, 1, 2, 3, 1]);
    expect(specs.map((s) => s.env.PS)).toEqual(specs.map((s) => s.name));
    expect(specs.map((s) => s.env.PORT)).toEqual(specs.map((s) => String(s.port)));
  });

  it('uses the base port', () => {
    expect(ports(expandFormation(entries, { basePort: 3000 }))).toEqual(['web.1:3000', 'worker.1:3100', 'clock.1:3200']);
  });

  it('keeps ports stable when types are left out', () => {
    expect(ports(expandFormation(entries, { formation: parseFormation('all=1,worker=0') }))).toEqual(['web.1:5000', 'clock.1:5200']);
  });

  it('all=N applies to every type not named', () => {
    expect(ports(expandFormation(entries, { formation: parseFormation('all=2,clock=1') }))).toEqual([
      'web.1:5000',
      'web.2:5001',
      'worker.1:5100',
      'worker.2:5101',
      'clock.1:5200',
    ]);
  });

  it('a formation without all runs only the types it names (Foreman)', () => {
    expect(ports(expandFormation(entries, { formation: parseFormation('web=2') }))).toEqual(['web.1:5000', 'web.2:5001']);
  });

  it('all=0 runs nothing', () => {
    expect(expandFormation(entries, { formation: parseFormation('all=0') })).toEqual([]);
  });

  it('only: start web runs web alone, at its own port', () => {
    expect(ports(expandFormation(entries, { only: ['web'] }))).toEqual(['web.1:5000']);
    expect(ports(expandFormation(entries, { only: ['clock'] }))).toEqual(['clock.1:5200']);
  });

  it('only keeps Procfile order, not argument order', () => {
    expect(ports(expandFormation(entries, { only: ['clock', 'web'] }))).toEqual(['web.1:5000', 'clock.1:5200']);
  });

  it('only with a formation', () => {
    expect(ports(expandFormation(entries, { only: ['web', 'worker'], formation: parseFormation('web=2') }))).toEqual([
      'web.1:5000',
      'web.2:5001',
      'worker.1:5100',
    ]);
    expect(ports(expandFormation(entries, { only: ['web'], formation: parseFormation('web=0') }))).toEqual([]);
  });

  it('an unknown type in only', () => {
    const error = caught(() => expandFormation(entries.slice(0, 2), { only: ['wrker'] }));
    expect(error.message).toBe('unknown process type "wrker"; known: web, worker');
  });

  it('an unknown type in the formation', () => {
    expect(() => expandFormation(entries.slice(0, 2), { formation: parseFormation('wrker=2') })).toThrow(
      'unknown process type "wrker"; known: web, worker',
    );
  });

  it('unknownTypeError lists the known types in Procfile order', () => {
    expect(unknownTypeError('x', entries).message).toBe('unknown process type "x"; known: web, worker, clock');
  });

  it('a port above 65535', () => {
    const error = caught(() => expandFormation(entries, { basePort: 65450 }));
    expect(error.message).toBe('port 65550 for worker.1 is above 65535');
    expect(error.hint).toBe('use a lower base port with -p (now 65450)');
  });

  it('the last instance may take port 65535 exactly', () => {
    const specs = expandFormation(entries.slice(0, 1), { basePort: 65534, formation: parseFormation('web=2') });
    expect(ports(specs)).toEqual(['web.1:65534', 'web.2:65535']);
    expect(() => expandFormation(entries.slice(0, 1), { basePort: 65534, formation: parseFormation('web=3') })).toThrow(
      'port 65536 for web.3 is above 65535',
    );
  });

  it('env: base < files < PORT and PS', () => {
    const [web] = expandFormation(entries.slice(0, 1), {
      baseEnv: { HOME: '/home/u', PORT: '1', PS: 'x', A: 'base', B: 'base' },
      fileEnv: { A: 'file', PORT: '2' },
    });
    expect(web?.env).toEqual({ HOME: '/home/u', PORT: '5000', PS: 'web.1', A: 'file', B: 'base', PYTHONUNBUFFERED: '1' });
  });

  it('gives every spec its own env object', () => {
    const [a, b] = expandFormation(entries, { baseEnv: { A: '1' } });
    expect(a?.env).not.toBe(b?.env);
    expect(a?.env.PS).toBe('web.1');
    expect(b?.env.PS).toBe('worker.1');
  });

  it('no entries, no specs', () => {
    expect(expandFormation([])).toEqual([]);
  });
});

describe('basePortFor', () => {
  it('-p beats the env files, the environment and 5000', () => {
    expect(basePortFor(7000, { PORT: '6000' }, { PORT: '4000' })).toBe(7000);
  });

  it('the env files beat the environment', () => {
    expect(basePortFor(undefined, { PORT: '6000' }, { PORT: '4000' })).toBe(6000);
  });

  it('the environment beats 5000', () => {
    expect(basePortFor(undefined, {}, { PORT: '4000' })).toBe(4000);
  });

  it('5000 when nothing sets PORT, or the environment sets it empty', () => {
    expect(basePortFor(undefined, {}, {})).toBe(5000);
    expect(basePortFor(undefined, {}, { PORT: '' })).toBe(5000);
    expect(basePortFor(undefined, {}, { PORT: undefined })).toBe(5000);
  });

  it('names where a bad value came from', () => {
    expect(() => parsePortOption('abc')).toThrow('invalid port "abc" from -p/--port: expected a number from 1 to 65535');
    // the env files hold secrets: their value is never echoed
    expect(() => basePortFor(undefined, { PORT: '0' }, {})).toThrow(
      'invalid port from PORT in the env files: expected a number from 1 to 65535',
    );
    expect(() => basePortFor(undefined, {}, { PORT: '70000' })).toThrow(
      'invalid port 70000 from PORT in the environment: expected a number from 1 to 65535',
    );
  });

  it('a bad PORT in a lower layer does not matter when a higher one is set', () => {
    expect(basePortFor(7000, { PORT: 'junk' }, { PORT: 'junk' })).toBe(7000);
    expect(basePortFor(undefined, { PORT: '6000' }, { PORT: 'junk' })).toBe(6000);
  });
});

describe('portFor', () => {
  it('is base + 100 per Procfile position + the instance less one (Foreman)', () => {
    expect(portFor(5000, 0, 1)).toBe(5000);
    expect(portFor(5000, 0, 2)).toBe(5001);
    expect(portFor(5000, 1, 1)).toBe(5100);
    expect(portFor(3000, 2, 3)).toBe(3202);
  });
});
