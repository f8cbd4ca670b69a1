// The console's other shapes, from the built CLI: NDJSON, --mark-stderr, -q and --no-prefix.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman } from '../helpers/cli.js';
import { assertGone, killTracked, until } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const FORMATS = fixture('e2e/formats');
const COUNT = 200;
const INVALID = (label: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(label), Buffer.from([0xc3, 0x28])]);

/** What fixtures/bin/mixed.js writes, per stream, as text (the invalid line left out). */
function written(label: string): { stdout: string[]; stderr: string[] } {
  const numbered = (stream: string) => Array.from({ length: COUNT }, (_, i) => `${label} ${stream} ${i}`);
  return {
    stdout: [...numbered('out'), `${label} \r\t"quoted" é 日本`],
    stderr: [...numbered('err'), `${label} err done`],
  };
}

/** Starts the mixed processes, waits until each of `labels` wrote everything, stops them with SIGINT. */
async function startAndStop(args: string[], labels = ['alpha', 'beta']): Promise<Procman> {
  const run = new Procman(['start', ...args], { cwd: FORMATS, env: { PORT: '6100' } });
  for (const label of labels) {
    await run.waitFor(new RegExp(`${label} ready pid=`));
    await run.waitFor(new RegExp(`${label} err done`));
  }
  run.signal('SIGINT');
  expect(await run.exit()).toEqual({ code: 0, signal: null });
  await assertGone([...run.pids, ...run.reported]);
  return run;
}

type Rec = Record<string, unknown>;

describe('--format ndjson', () => {
  it('one JSON object a line for every event: lines, states, the shutdown; every line once, in order', async () => {
    const run = await startAndStop(['--format', 'ndjson']);
    const text = run.stdout;
    expect(text.endsWith('\n')).toBe(true);
    const records = text
      .slice(0, -1)
      .split('\n')
      .map((line) => JSON.parse(line) as Rec);
    for (const record of records) {
      expect(record.v).toBe(1);
      expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const times = records.map((r) => Date.parse(r.time as string));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(60_000);
    for (const [label, port] of [
      ['alpha', 6100],
      ['beta', 6200],
    ] as const) {
      const name = `${label}.1`;
      const mine = records.filter((r) => r.name === name);
      const lines = mine.filter((r) => r.type === 'line');
      const expected = written(label);
      for (const stream of ['stdout', 'stderr'] as const) {
        const texts = lines.filter((r) => r.stream === stream && 'text' in r).map((r) => r.text);
        const last = stream === 'stdout' ? [expect.stringMatching(new RegExp(`^${label} ready pid=\\d+$`))] : [];
        expect(texts).toEqual([...expected[stream], ...last]);
      }
      // the invalid line: base64 of its bytes, in its place among stdout
      const stdout = lines.filter((r) => r.stream === 'stdout');
      const invalid = stdout.filter((r) => 'base64' in r);
      expect(invalid).toEqual([
        { v: 1, time: expect.any(String), type: 'line', name, stream: 'stdout', base64: INVALID(label).toString('base64') },
      ]);
      expect(stdout.indexOf(invalid[0] as Rec)).toBe(COUNT);
      const states = mine.filter((r) => r.type === 'state').map(({ v, time, type, name, ...rest }) => rest);
      expect(states).toEqual([
        { state: 'running', from: 'starting', pid: expect.any(Number), port },
        { state: 'stopping', from: 'running', pid: expect.any(Number), port },
        { state: 'exited', from: 'stopping', pid: expect.any(Number), port, code: null, signal: 'SIGTERM' },
      ]);
      expect(mine.indexOf(mine.find((r) => r.state === 'running') as Rec)).toBe(0);
      expect(mine.at(-1)).toEqual(expect.objectContaining({ state: 'exited' }));
    }
    const shutdown = records.filter((r) => r.type === 'shutdown').map(({ v, time, ...rest }) => rest);
    expect(shutdown).toEqual([
      { type: 'shutdown', phase: 'begin', cause: 'signal', signal: 'SIGINT' },
      { type: 'shutdown', phase: 'term', names: ['alpha.1', 'beta.1'], signal: 'SIGTERM', all: true },
    ]);
    expect(records.filter((r) => !['line', 'state', 'shutdown'].includes(r.type as string))).toEqual([]);
  });

  it('json is an alias; an unknown format is an error before anything starts', async () => {
    const run = await startAndStop(['--format', 'json']);
    expect(JSON.parse(run.lines()[0] ?? '')).toEqual(expect.objectContaining({ v: 1, type: 'state', state: 'running' }));
    const bad = new Procman(['start', '--format', 'yaml'], { cwd: FORMATS });
    expect(await bad.exit()).toEqual({ code: 1, signal: null });
    expect(bad.stderr).toBe('procman: invalid format "yaml" for --format: expected text or ndjson\nhint: for example --format ndjson\n');
    expect(bad.stdout).toBe('');
  });
});

describe('--mark-stderr', () => {
  it('marks stderr lines with !; stdout and procman lines keep |', async () => {
    const run = await startAndStop(['--mark-stderr', '--no-timestamp']);
    expect(run.linesOf('alpha.1', '!')).toEqual(written('alpha').stderr);
    expect(run.linesOf('beta.1', '!')).toEqual(written('beta').stderr);
    const bars = run.linesOf('alpha.1', '\\|');
    expect(bars[0]).toMatch(/^started with pid \d+$/);
    expect(bars).toContain('alpha out 199');
    expect(bars.filter((l) => l.includes(' err '))).toEqual([]);
    expect(run.lines()).toContain('system  | SIGINT received, starting shutdown');
  });

  it('is off by default: stderr lines carry |', async () => {
    const run = await startAndStop(['--no-timestamp', 'alpha', 'beta']);
    expect(run.linesOf('alpha.1', '!')).toEqual([]);
    expect(run.linesOf('alpha.1', '\\|')).toEqual(expect.arrayContaining(['alpha err 0', 'alpha err done']));
  });
});

describe('-q/--quiet', () => {
  it("hides a type's output lines, keeps its started and exited lines, and shows the others", async () => {
    // beta's lines are not on the console to wait for: its log file (which -q leaves alone) says when it is done
    const logs = project();
    const run = new Procman(['start', '-q', 'beta', '--no-timestamp', '--log-dir', logs], { cwd: FORMATS });
    await run.waitFor(/alpha ready pid=/);
    await run.waitFor(/alpha err done/);
    const log = join(logs, 'beta.1.log');
    await until(() => {
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return text.includes('beta err done\n') && text.includes('beta ready pid=');
    }, 'beta.1.log to hold every beta line');
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.linesOf('beta.1')).toEqual([expect.stringMatching(/^started with pid \d+$/), 'terminated by SIGTERM']);
    expect(run.linesOf('alpha.1')).toEqual(expect.arrayContaining(['alpha out 0', 'alpha err done']));
    expect(run.stdout).not.toContain('beta out');
    expect(readFileSync(log, 'utf8')).toContain('| beta out 199\n');
  });

  it('names an unknown type', async () => {
    const bad = new Procman(['start', '-q', 'alpha,gamma'], { cwd: FORMATS });
    expect(await bad.exit()).toEqual({ code: 1, signal: null });
    expect(bad.stderr).toBe('procman: unknown process type "gamma" in -q/--quiet; known: alpha, beta\n');
  });
});

describe('--no-prefix', () => {
  it('prints lines as the processes wrote them, byte for byte; procman lines as "procman: ..."', async () => {
    const run = await startAndStop(['--no-prefix', 'alpha'], ['alpha']);
    const lines = run.bytes.toString('latin1').split('\n');
    const own = lines.filter((l) => l.startsWith('procman: '));
    expect(own).toEqual([
      expect.stringMatching(/^procman: alpha\.1 started with pid \d+$/),
      'procman: SIGINT received, starting shutdown',
      'procman: sending SIGTERM to all processes',
      'procman: alpha.1 terminated by SIGTERM',
    ]);
    // the child's stdout bytes, in order, with nothing added
    const stdout = Buffer.concat(
      [...written('alpha').stdout.slice(0, COUNT), null, ...written('alpha').stdout.slice(COUNT)].map((l) =>
        l === null ? Buffer.concat([INVALID('alpha'), Buffer.from('\n')]) : Buffer.from(`${l}\n`),
      ),
    ).toString('latin1');
    const childStdout = lines.filter((l) => l.startsWith('alpha out') || l.startsWith('\xff\xfe') || l.startsWith('alpha \r'));
    expect(`${childStdout.join('\n')}\n`).toBe(stdout);
    expect(lines.filter((l) => l.startsWith('alpha err'))).toEqual(written('alpha').stderr.map((l) => Buffer.from(l).toString('latin1')));
  });
});
