// The defaults files, read by the built CLI from the current folder: fixtures/defaults/foreman
// (a .foreman naming Procfile.dev, next to a decoy Procfile), both/ (.foreman and procman.yml),
// bad/ (mistakes in both files).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { check, loadProject, type RuntimeEvent, start } from '../../src/api.js';
import { fixture, Procman, procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const FOREMAN = fixture('defaults/foreman');
const BOTH = fixture('defaults/both');
const BAD = fixture('defaults/bad');
const env = { PORT: undefined, FROM: undefined };

/** The TimeoutStopSec of web.1 exported to a temp folder by `export systemd ... args`. */
async function exportedTimeout(cwd: string, args: string[] = []): Promise<string | undefined> {
  const dir = project();
  const result = await procman(['export', 'systemd', dir, '-a', 'app', ...args], { cwd, env });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return /^TimeoutStopSec=(.*)$/m.exec(readFileSync(join(dir, 'app-web.1.service'), 'utf8'))?.[1];
}

describe('.foreman, read from the current folder as Foreman 0.87.2 reads it', () => {
  it('start: its procfile, port and formation', async () => {
    const result = await procman(['start', '--no-timestamp'], { cwd: FOREMAN, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.run.linesOf('web.1')).toEqual([`started with pid ${result.run.pids[0]}`, 'PORT=7000', 'PS=web.1', 'exited with code 0']);
    expect(result.stdout).not.toMatch(/worker|stubborn|decoy/);
  });

  it('start: its timeout is the time between SIGTERM and SIGKILL (1 s, not 5)', async () => {
    const run = new Procman(['start', '--no-timestamp', '-m', 'stubborn=1'], { cwd: FOREMAN, env });
    await run.waitFor(/stubborn ready/);
    run.signal('SIGINT');
    await run.waitFor(/SIGTERM ignored/);
    const termAt = Date.now();
    expect(await run.exit(15_000)).toEqual({ code: 0, signal: null });
    expect(run.linesOf('system')).toContain('sending SIGKILL to stubborn.1');
    // the default would wait 5 s; 1 s plus start-up and exit leaves room on a loaded machine
    expect(Date.now() - termAt).toBeLessThan(4000);
    await assertGone(run.pids);
  });

  it('check: reads its procfile (and validates the file)', async () => {
    const result = await procman(['check'], { cwd: FOREMAN, env });
    expect(result).toMatchObject({ code: 0, stdout: 'valid procfile detected (web, worker, stubborn)\n', stderr: '' });
  });

  it('check: a bad value in .foreman, with its line', async () => {
    const dir = project({ Procfile: 'web: node web.js\n', '.foreman': 'port: 5000\ntimeout: soon\n' });
    const result = await procman(['check'], { cwd: dir, env });
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'procman: .foreman:2: invalid timeout "soon": expected a number of seconds, 0 or more\nhint: for example timeout: 10\n',
    });
  });

  it('export: its timeout', async () => {
    expect(await exportedTimeout(FOREMAN)).toBe('1s');
  });

  it("-d elsewhere does not read the other folder's .foreman (nor does Foreman)", async () => {
    const result = await procman(['check', '-d', FOREMAN], { cwd: fixture('defaults'), env });
    expect(result).toMatchObject({ code: 0, stdout: 'valid procfile detected (decoy)\n', stderr: '' });
  });
});

describe('precedence: command line > procman.yml > .foreman > built-in defaults', () => {
  it('procman.yml beats .foreman key by key: port and formation from procman.yml, env from .foreman', async () => {
    const result = await procman(['start', '--no-timestamp'], { cwd: BOTH, env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.run.linesOf('web.1').slice(1, 4)).toEqual(['PORT=8000', 'PS=web.1', 'FROM=foreman.env']);
    expect(result.stdout).not.toContain('worker');
  });

  it('the command line beats both', async () => {
    const result = await procman(['start', '--no-timestamp', '-p', '9000', '-m', 'worker=1'], { cwd: BOTH, env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.run.linesOf('worker.1').slice(1, 4)).toEqual(['PORT=9100', 'PS=worker.1', 'FROM=foreman.env']);
    expect(result.stdout).not.toContain('web');
  });

  it('timeout: procman.yml over .foreman, -t over both', async () => {
    expect(await exportedTimeout(BOTH)).toBe('2s');
    expect(await exportedTimeout(BOTH, ['-t', '3'])).toBe('3s');
  });

  it('run takes the port from the files too', async () => {
    const result = await procman(['run', 'web'], { cwd: BOTH, env });
    expect(result).toMatchObject({ code: 0, stdout: 'PORT=8000\nPS=web.1\nFROM=foreman.env\n', stderr: '' });
  });
});

describe('a bad defaults file', () => {
  const PROBLEMS = [
    'procman: .foreman:1: unknown key "tiemout"',
    'hint: did you mean "timeout"?',
    'procman: procman.yml:2: "port" must be a number from 1 to 65535',
    'hint: for example port: 5000',
    'procman: procman.yml:3: unknown key "restrat"',
    'hint: did you mean "restart"?',
    'procman: procman.yml:6: "formation" must be a map of process type to count, or a string like all=1,web=2',
    'hint: for example formation: { all: 1, web: 2 }',
    '',
  ].join('\n');

  it('check lists every problem of both files with its line, and exits 1', async () => {
    const result = await procman(['check'], { cwd: BAD, env });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: PROBLEMS });
  });

  it.each([['start'], ['run', 'web'], ['export', 'systemd', '/nonexistent/procman-out']])(
    '%s refuses it in one line, starting nothing',
    async (...args) => {
      const result = await procman(args, { cwd: BAD, env });
      expect(result).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'procman: .foreman:1: unknown key "tiemout" (and 3 more problems: run procman check)\nhint: did you mean "timeout"?\n',
      });
    },
  );

  it('a YAML syntax error, at the line where the bracket opens', async () => {
    const dir = project({ Procfile: 'web: node web.js\n', 'procman.yml': 'port: 5000\nformation: [web\nwhatever: 1\n' });
    const result = await procman(['start'], { cwd: dir, env });
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'procman: procman.yml:2: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]\n' +
        'hint: check the indentation and the quotes on this line\n',
    });
  });

  it("check reports the files' problems before a Procfile they name that is missing", async () => {
    const dir = project({ 'procman.yml': 'procfile: Procfile.dev\ncolor: maybe\n' });
    const result = await procman(['check'], { cwd: dir, env });
    expect(result).toMatchObject({
      code: 1,
      stderr:
        'procman: procman.yml:2: "color" must be true or false\nhint: for example color: false\n' +
        'procman: Procfile not found: Procfile.dev\nhint: use -f to point at another file\n',
    });
  });

  it('procman.yaml is not silently ignored', async () => {
    const dir = project({ Procfile: 'web: node web.js\n', 'procman.yaml': 'port: 5000\n' });
    const result = await procman(['check'], { cwd: dir, env });
    expect(result).toMatchObject({
      code: 1,
      stderr: "procman: procman.yaml is not read: procman's defaults file is procman.yml\nhint: rename it to procman.yml\n",
    });
  });
});

describe('the API reads the same files (defaults: true unless told)', () => {
  it("check and loadProject take .foreman's procfile", () => {
    expect(check({ cwd: FOREMAN, environment: {} })).toEqual({
      ok: true,
      types: ['web', 'worker', 'stubborn'],
      problems: [],
      warnings: [],
    });
    expect(loadProject({ cwd: FOREMAN }).entries.map((e) => e.name)).toEqual(['web', 'worker', 'stubborn']);
    expect(loadProject({ cwd: FOREMAN, procfile: 'Procfile' }).entries.map((e) => e.name)).toEqual(['decoy']);
  });

  it('start takes port and formation from procman.yml, env from .foreman', async () => {
    const output: string[] = [];
    const onEvent = (event: RuntimeEvent) => {
      if (event.kind === 'line')
        output.push(
          ...event.bytes
            .toString()
            .trimEnd()
            .split('\n')
            .map((line) => `${event.name} ${line}`),
        );
    };
    const handle = await start({ cwd: BOTH, environment: { PATH: process.env.PATH }, onEvent });
    expect(await handle.exitCode).toBe(0);
    expect(output).toEqual(['web.1 PORT=8000', 'web.1 PS=web.1', 'web.1 FROM=foreman.env']);
  });

  it('defaults: false reads neither file', () => {
    expect(check({ cwd: FOREMAN, environment: {}, defaults: false }).types).toEqual(['decoy']);
    expect(check({ cwd: BAD, environment: {}, defaults: false }).ok).toBe(true);
  });

  it("check lists the files' problems", () => {
    const result = check({ cwd: BAD, environment: {} });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['.foreman:1', 'procman.yml:2', 'procman.yml:3', 'procman.yml:6']);
  });
});

describe('per-type settings from procman.yml', () => {
  it('after, ready, stop-signal and a per-type timeout apply as their flags would', async () => {
    const run = new Procman(['start', '--no-timestamp', '-p', String(31_000 + (process.pid % 400) * 10)], {
      cwd: fixture('defaults/lifecycle'),
    });
    await run.waitFor(/web\.1 +\| got: hello from db\.1/);
    expect(run.stdout.indexOf('web.1  | started with pid')).toBeGreaterThan(run.stdout.indexOf('db.1   | ready on port'));
    run.signal('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('system | sending SIGINT to web.1');
  });
});
