import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, procman } from '../helpers/cli.js';
import { killTracked } from '../helpers/process.js';

// -d and -f as Foreman 0.87.2 reads them. fixtures/root/app holds a Procfile, a .env and
// where.js (found only from app itself); fixtures/root/elsewhere is the current folder,
// with a decoy Procfile and .env that must not be read when the root is ../app.

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const ROOT = fixture('root');
const ELSEWHERE = fixture('root/elsewhere');
const APP = realpathSync(fixture('root/app'));
const env = { PORT: undefined, FROM_ENV: undefined, EXTRA: undefined };

/** The line where.js prints: where it ran and what the env files gave it. */
const where = (name: string, got: { from?: string; extra?: string; port?: string; ps?: string }): string =>
  `${name} cwd=${APP} FROM_ENV=${got.from ?? '<unset>'} EXTRA=${got.extra ?? '<unset>'} PORT=${got.port ?? '<unset>'} PS=${got.ps ?? '<unset>'}`;

describe('-d DIR without -f reads DIR/Procfile and DIR/.env, and runs in DIR', () => {
  it('start, from a folder with a Procfile and .env of its own', async () => {
    const result = await procman(['start', '--no-timestamp', '-d', '../app'], { cwd: ELSEWHERE, env });
    expect(result.code).toBe(0);
    expect(result.run.linesOf('web.1')).toContain(where('web', { from: 'app/.env', port: '5000', ps: 'web.1' }));
    expect(result.stdout).not.toContain('elsewhere');
    expect(result.stderr).toBe('');
  });

  it('start, from a folder without a Procfile (was: Procfile not found: Procfile)', async () => {
    const result = await procman(['start', '--no-timestamp', '-d', 'app'], { cwd: ROOT, env });
    expect(result.code).toBe(0);
    expect(result.run.linesOf('web.1')).toContain(where('web', { from: 'app/.env', port: '5000', ps: 'web.1' }));
  });

  it('run of a process type', async () => {
    const result = await procman(['run', '-d', '../app', 'web'], { cwd: ELSEWHERE, env });
    expect(result).toMatchObject({ code: 0, stdout: `${where('web', { from: 'app/.env', port: '5000', ps: 'web.1' })}\n`, stderr: '' });
  });

  it('run of any command: DIR/.env, and DIR as its folder', async () => {
    const result = await procman(['run', '-d', '../app', 'node', 'where.js', 'cmd'], { cwd: ELSEWHERE, env });
    expect(result).toMatchObject({ code: 0, stdout: `${where('cmd', { from: 'app/.env' })}\n`, stderr: '' });
  });

  it('check reads DIR/Procfile', async () => {
    const result = await procman(['check', '-d', '../app'], { cwd: ELSEWHERE, env });
    expect(result).toMatchObject({ code: 0, stdout: 'valid procfile detected (web)\n', stderr: '' });
  });

  it('check reads DIR/.env', async () => {
    const result = await procman(['check', '-d', '../bad-env'], { cwd: ELSEWHERE, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `procman: ${realpathSync(fixture('root/bad-env'))}/.env:1: unterminated " quote\nhint: close the value with ", or escape the quote as \\"\n`,
    );
  });

  it('export writes DIR as the working directory and DIR/.env as the env, named after DIR', async () => {
    dir = mkdtempSync(join(tmpdir(), 'procman-root-'));
    const result = await procman(['export', 'systemd', dir, '-d', '../app'], { cwd: ELSEWHERE, env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(dir).sort()).toEqual(['.procman-export.json', 'app-web.1.service', 'app.target']);
    const unit = readFileSync(join(dir, 'app-web.1.service'), 'utf8');
    expect(unit).toContain(`WorkingDirectory=${APP}\n`);
    expect(unit).toContain('Environment="FROM_ENV=app/.env"\n');
    expect(unit).toContain('ExecStart=/bin/sh -c "exec node where.js web"\n');
  });

  it('names DIR/Procfile when it is missing, and a missing DIR as such', async () => {
    const noProcfile = await procman(['check', '-d', '..'], { cwd: ELSEWHERE, env });
    expect(noProcfile).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'procman: Procfile not found: ../Procfile\nhint: use -f to point at another file\n',
    });
    const noDir = await procman(['start', '-d', '../nowhere'], { cwd: ELSEWHERE, env });
    expect(noDir).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'procman: root directory not found: ../nowhere\nhint: check the path given to -d/--root\n',
    });
  });
});

describe('-f, -d and -e together, as Foreman reads them', () => {
  it('-f with -d: the Procfile relative to the current folder, run in DIR with DIR/.env', async () => {
    const result = await procman(['start', '--no-timestamp', '-f', 'Procfile', '-d', '../app'], { cwd: ELSEWHERE, env });
    expect(result.code).toBe(0);
    expect(result.run.linesOf('elsewhere.1')).toContain(where('elsewhere', { from: 'app/.env', port: '5000', ps: 'elsewhere.1' }));
  });

  it('-e with -d: relative to the current folder, and read instead of DIR/.env', async () => {
    const result = await procman(['run', '-d', '../app', '-e', 'extra.env', 'web'], { cwd: ELSEWHERE, env });
    expect(result).toMatchObject({ code: 0, stdout: `${where('web', { extra: 'elsewhere/extra.env', port: '5000', ps: 'web.1' })}\n` });
  });

  it('-f alone: the root is the Procfile folder, and its .env is read (Foreman 0.87.2 reads ./.env)', async () => {
    const result = await procman(['start', '--no-timestamp', '-f', '../app/Procfile'], { cwd: ELSEWHERE, env });
    expect(result.code).toBe(0);
    expect(result.run.linesOf('web.1')).toContain(where('web', { from: 'app/.env', port: '5000', ps: 'web.1' }));
  });
});
