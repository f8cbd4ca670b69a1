import { afterEach, describe, expect, it } from 'vitest';
import { BIN, fixture, Procman, procman } from '../helpers/cli.js';
import { killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const ENV = fixture('e2e/env');
const noPort = { PORT: undefined };

/** Starts procman, waits for every `ready` line, stops it with SIGINT, and returns it. */
async function startAndStop(args: string[], ready: string[], env: NodeJS.ProcessEnv = noPort): Promise<Procman> {
  const run = new Procman(['start', ...args], { cwd: ENV, env });
  for (const label of ready) await run.waitFor(new RegExp(`${label} ready pid=`));
  run.signal('SIGINT');
  expect(await run.exited).toEqual({ code: 0, signal: null });
  return run;
}

describe('ports and formation', () => {
  it('gives each process base + 100 x position + instance - 1, and PS', async () => {
    const run = await startAndStop(['-m', 'web=2,worker=1,clock=1'], ['web', 'web', 'worker', 'clock']);
    expect(run.linesOf('web.1')).toEqual(expect.arrayContaining(['PORT=5000', 'PS=web.1']));
    expect(run.linesOf('web.2')).toEqual(expect.arrayContaining(['PORT=5001', 'PS=web.2']));
    expect(run.linesOf('worker.1')).toEqual(expect.arrayContaining(['PORT=5100', 'PS=worker.1']));
    expect(run.linesOf('clock.1')).toEqual(expect.arrayContaining(['PORT=5200', 'PS=clock.1']));
  });

  it('takes the base port from -p', async () => {
    const run = await startAndStop(['-p', '6000', '-m', 'all=1'], ['web', 'worker', 'clock']);
    expect(run.linesOf('web.1')).toContain('PORT=6000');
    expect(run.linesOf('clock.1')).toContain('PORT=6200');
  });

  it('takes the base port from PORT in the environment when there is no -p', async () => {
    const run = await startAndStop(['web'], ['web'], { PORT: '8000' });
    expect(run.linesOf('web.1')).toContain('PORT=8000');
  });

  it('starts only the named types, keeping their Procfile ports', async () => {
    const run = await startAndStop(['clock'], ['clock']);
    expect(run.pids).toHaveLength(1);
    expect(run.linesOf('clock.1')).toContain('PORT=5200');
    expect(run.stdout).not.toMatch(/web\.1|worker\.1/);
  });

  it('runs nothing of a type with count 0', async () => {
    const run = await startAndStop(['-m', 'all=1,worker=0'], ['web', 'clock']);
    expect(run.stdout).not.toMatch(/worker\.1/);
    expect(run.pids).toHaveLength(2);
  });
});

describe('environment', () => {
  it('overlays .env on the environment, and PORT/PS on both', async () => {
    const run = await startAndStop(['web'], ['web'], { ...noPort, SHARED: 'from-process', PS: 'from-process' });
    expect(run.linesOf('web.1')).toEqual([
      expect.stringMatching(/^started with pid \d+$/),
      'PORT=5000',
      'PS=web.1',
      'FROM_DOTENV=dotenv',
      'SHARED=from-dotenv',
      'QUOTED=a value # with a hash',
      'PYTHONUNBUFFERED=1',
      expect.stringMatching(/^web ready pid=\d+$/),
      expect.stringMatching(/^(terminated by SIGINT|terminated by SIGTERM)$/),
    ]);
  });

  it('reads the -e files instead of .env, later files winning, and takes PORT from them', async () => {
    const only = await startAndStop(['-e', 'other.env', 'web'], ['web']);
    expect(only.linesOf('web.1')).toEqual(expect.arrayContaining(['PORT=7000', 'SHARED=from-other', 'FROM_DOTENV=<unset>']));
    const both = await startAndStop(['-e', '.env,other.env', 'web'], ['web']);
    expect(both.linesOf('web.1')).toEqual(expect.arrayContaining(['SHARED=from-other', 'FROM_DOTENV=dotenv']));
  });

  it('keeps PYTHONUNBUFFERED when the environment sets it', async () => {
    const run = await startAndStop(['web'], ['web'], { ...noPort, PYTHONUNBUFFERED: '0' });
    expect(run.linesOf('web.1')).toContain('PYTHONUNBUFFERED=0');
  });
});

describe('output', () => {
  it('prefixes every line with the time and the padded name', async () => {
    const run = await startAndStop(['-m', 'web=1,worker=1,clock=0'], ['web', 'worker']);
    const lines = run.lines();
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d (web\.1   |worker\.1|system  ) \| /);
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d system   \| SIGINT received, starting shutdown$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d system   \| sending SIGTERM to all processes$/));
  });

  it('drops the time with --no-timestamp and pads to system when names are short', async () => {
    const run = await startAndStop(['--no-timestamp', 'web'], ['web']);
    expect(run.lines()[0]).toMatch(/^web\.1  \| started with pid \d+$/);
  });

  it('colours prefixes when forced, one colour per type, none with NO_COLOR', async () => {
    const coloured = await startAndStop(['--no-timestamp', '--color', '-m', 'web=1,worker=1,clock=0'], ['web', 'worker']);
    expect(coloured.stdout).toContain('\u001b[36mweb.1    | \u001b[39m');
    expect(coloured.stdout).toContain('\u001b[33mworker.1 | \u001b[39m');
    const plain = await startAndStop(['--no-timestamp', 'web'], ['web'], { ...noPort, NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('prints stdout, stderr and a last line without newline, then the exit', async () => {
    const run = new Procman(['start', '--no-timestamp'], { cwd: fixture('e2e/output') });
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const lines = run.linesOf('partial.1');
    expect(lines[0]).toMatch(/^started with pid \d+$/);
    // stdout and stderr are separate pipes: their relative order is not defined, each one's own order is
    expect(lines.slice(1, 4).sort()).toEqual(['first line', 'last line without newline', 'to stderr']);
    expect(lines.indexOf('first line')).toBeLessThan(lines.indexOf('last line without newline'));
    expect(lines[4]).toBe('exited with code 0');
    expect(lines).toHaveLength(5);
  });

  it('never tears or loses a line of two chatty processes', async () => {
    const run = new Procman(['start', '--no-timestamp'], { cwd: fixture('e2e/chatty') });
    await run.waitFor(/alpha-done ready/, 30_000);
    await run.waitFor(/beta-done ready/, 30_000);
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
    const pad = 'x'.repeat(60);
    for (const name of ['alpha', 'beta']) {
      const body = run.linesOf(`${name}.1`).filter((l) => l.startsWith(`${name} `));
      expect(body).toHaveLength(20_000);
      body.forEach((line, i) => {
        if (line !== `${name} ${i} ${pad}`) throw new Error(`${name} line ${i} is torn or out of order: ${line}`);
      });
    }
    for (const line of run.lines()) expect(line).toMatch(/^(alpha\.1|beta\.1 |system ) \| /);
  });
});

describe('colour by default', () => {
  // CI set without a known provider makes chalk answer 'no colour' even on a terminal: that is chalk's policy
  const options = {
    cwd: fixture('e2e/output'),
    env: { TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined },
    timeoutMs: 20_000,
  };

  it('is on for a terminal (a pty) and off for a pipe', async () => {
    const pty = await procman(['start', '--no-timestamp'], {
      ...options,
      command: ['python3', fixture('reliability/pty-term.py'), 'live', process.execPath, BIN],
    });
    expect(pty.code).toBe(0);
    expect(pty.stdout).toContain('\u001b[36mpartial.1 | \u001b[39mfirst line');
    const pipe = await procman(['start', '--no-timestamp'], options);
    expect(pipe.code).toBe(0);
    expect(pipe.stdout).toContain('partial.1 | first line');
    expect(pipe.stdout).not.toContain('\u001b[');
  });
});
