// ${VAR} in env files, the same way for start, run, check and export.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixture, procman } from '../helpers/cli.js';
import { killTracked } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const ECHO = fixture('bin/echo-env.js');
const NAMES = 'DATABASE_URL LITERAL PRICE HOME_BIN';
const app = project({
  Procfile: `web: node ${ECHO} ${NAMES}\n`,
  '.env': [
    'DB_HOST=db.internal',
    'DB_PORT=5432',
    'DATABASE_URL=postgres://${DB_HOST}:${DB_PORT}/${DB_NAME:-app}',
    "LITERAL='${DB_HOST} stays'",
    'PRICE="\\$5 a month"',
    'HOME_BIN=${PROCMAN_TEST_HOME}/bin',
    '',
  ].join('\n'),
});
const env = { PROCMAN_TEST_HOME: '/home/test', PORT: undefined };
const expanded = [
  'DATABASE_URL=postgres://db.internal:5432/app',
  'LITERAL=${DB_HOST} stays',
  'PRICE=$5 a month',
  'HOME_BIN=/home/test/bin',
];
const asWritten = [
  'DATABASE_URL=postgres://${DB_HOST}:${DB_PORT}/${DB_NAME:-app}',
  'LITERAL=${DB_HOST} stays',
  'PRICE=\\$5 a month',
  'HOME_BIN=${PROCMAN_TEST_HOME}/bin',
];

describe('${VAR} in env files', () => {
  it('start expands references to earlier lines and to the environment; single quotes and \\$ stay literal', async () => {
    const result = await procman(['start', '--no-timestamp'], { cwd: app, env });
    expect(result.code).toBe(0);
    expect(result.run.linesOf('web.1').slice(1, 5)).toEqual(expanded);
  });

  it('start --no-expand passes every value as written', async () => {
    const result = await procman(['start', '--no-timestamp', '--no-expand'], { cwd: app, env });
    expect(result.run.linesOf('web.1').slice(1, 5)).toEqual(asWritten);
  });

  it('run (a type, and any command) expands the same way, and --no-expand turns it off', async () => {
    expect((await procman(['run', 'web'], { cwd: app, env })).stdout).toBe(`${expanded.join('\n')}\n`);
    expect((await procman(['run', 'node', ECHO, 'DATABASE_URL'], { cwd: app, env })).stdout).toBe(`${expanded[0]}\n`);
    expect((await procman(['run', '--no-expand', 'web'], { cwd: app, env })).stdout).toBe(`${asWritten.join('\n')}\n`);
  });

  it('check warns about a reference to a variable nobody sets (a literal $ expansion would eat), and still passes', async () => {
    const dir = project({ Procfile: 'web: node web.js\n', '.env': 'OK=${HOME:-x}\nPASSWORD=s3cr3t$ecret\n' });
    const result = await procman(['check'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('valid procfile detected (web)\n');
    expect(result.stderr).toBe(
      `procman: warning: ${dir}/.env:2: PASSWORD uses $ecret, which is not set: it becomes empty\n` +
        'hint: set ecret in an env file, give a default like ${ecret:-value}, or write \\$ (or single-quote the value) for a literal $\n',
    );
    expect(result.stderr).not.toContain('s3cr3t');
  });

  it('check --no-expand warns about the values it keeps as written', async () => {
    const result = await procman(['check', '--no-expand'], { cwd: app, env });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('procman:'))).toEqual([
      `procman: warning: ${app}/.env:3: DATABASE_URL uses \${DB_HOST}, \${DB_PORT} and \${DB_NAME:-…}, kept as written: expansion is off (--no-expand)`,
      `procman: warning: ${app}/.env:5: PRICE holds \\$, kept as written: expansion is off (--no-expand)`,
      `procman: warning: ${app}/.env:6: HOME_BIN uses \${PROCMAN_TEST_HOME}, kept as written: expansion is off (--no-expand)`,
    ]);
  });

  it("export expands against the env files only, never this machine's environment, and says so", async () => {
    const out = project();
    const result = await procman(['export', 'runit', out, '-a', 'app'], { cwd: app, env });
    expect(result.code).toBe(0);
    const value = (name: string) => readFileSync(`${out}/app-web.1/env/${name}`, 'utf8');
    expect(value('DATABASE_URL')).toBe('postgres://db.internal:5432/app\n');
    expect(value('PRICE')).toBe('$5 a month\n');
    expect(value('HOME_BIN')).toBe('/bin\n');
    expect(result.stderr).toContain(
      `procman: warning: ${app}/.env:6: HOME_BIN uses \${PROCMAN_TEST_HOME}, which is not set: it becomes empty\n`,
    );
    const kept = await procman(['export', 'runit', out, '-a', 'app', '--no-expand'], { cwd: app, env });
    expect(kept.code).toBe(0);
    expect(value('DATABASE_URL')).toBe('postgres://${DB_HOST}:${DB_PORT}/${DB_NAME:-app}\n');
  });
});
