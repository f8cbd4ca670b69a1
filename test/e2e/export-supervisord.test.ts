import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, untilValue } from '../helpers/process.js';
import {
  demoDir,
  expectedArgv,
  expectedEnv,
  exportOk,
  firstJsonLine,
  freePort,
  hostileDir,
  makeTempDir,
  removeDir,
} from './export-helpers.js';

const SUPERVISORD = '/usr/bin/supervisord';
const installed = existsSync(SUPERVISORD);
if (!installed) console.log(`note: ${SUPERVISORD} not found (Debian package "supervisor"): supervisord export e2e tests skipped`);

/** A private supervisord: its own config, socket, pidfile and logs in dir, in the foreground. */
function writeSupervisordConf(dir: string, exportDir: string): string {
  const conf = `${dir}/supervisord.conf`;
  writeFileSync(
    conf,
    [
      '[unix_http_server]',
      `file=${dir}/supervisor.sock`,
      '',
      '[supervisord]',
      `logfile=${dir}/supervisord.log`,
      `pidfile=${dir}/supervisord.pid`,
      `childlogdir=${dir}`,
      'nodaemon=true',
      '',
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '',
      '[supervisorctl]',
      `serverurl=unix://${dir}/supervisor.sock`,
      '',
      '[include]',
      `files=${exportDir}/*.conf`,
      '',
    ].join('\n'),
  );
  return conf;
}

function ctl(conf: string, ...args: string[]): string {
  return spawnSync('/usr/bin/supervisorctl', ['-c', conf, ...args], { encoding: 'utf8', timeout: 20_000 }).stdout;
}

/** Environment of a running process, from /proc. */
function procEnv(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter(Boolean);
  return Object.fromEntries(
    entries.map((e) => [e.slice(0, e.indexOf('=')), Buffer.from(e.slice(e.indexOf('=') + 1), 'latin1').toString('utf8')]),
  );
}

describe.skipIf(!installed)('export supervisord, run by a real supervisord', () => {
  let dir: string | undefined;
  let supervisord: ChildProcess | undefined;
  let children: number[] = [];

  // A test that failed half-way: ask supervisord to stop its programs (it
  // waits stopwaitsecs), then kill it and any child pid the test learnt.
  afterEach(async () => {
    const proc = supervisord;
    if (proc?.pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    for (const pid of children) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    removeDir(dir);
    dir = undefined;
    supervisord = undefined;
    children = [];
  });

  async function start(exportDir: string): Promise<string> {
    const conf = writeSupervisordConf(dir as string, exportDir);
    supervisord = spawn(SUPERVISORD, ['-c', conf], { stdio: 'ignore' });
    await untilValue(() => (existsSync(`${dir}/supervisor.sock`) ? true : undefined), 30_000, 'supervisord did not open its socket');
    return conf;
  }

  async function stop(): Promise<void> {
    const proc = supervisord as ChildProcess;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  }

  it('runs the demo: web answers on its PORT, both get PORT and PS, nothing left behind after stop', async () => {
    dir = makeTempDir();
    const port = await freePort();
    exportOk(['supervisord', `${dir}/export`, '-a', 'demo', '-l', `${dir}/logs`, '-p', String(port), '-t', '3'], demoDir);
    spawnSync('mkdir', ['-p', `${dir}/logs`]);
    const conf = await start(`${dir}/export`);

    const body = await untilValue(
      async () => {
        try {
          return await (await fetch(`http://127.0.0.1:${port}/`)).text();
        } catch {
          return undefined;
        }
      },
      30_000,
      `web.1 did not answer on port ${port}`,
    );
    expect(body).toBe(`hello from web.1 on port ${port}\n`);

    const pids = await untilValue(
      () => {
        const found = [...ctl(conf, 'pid', 'all').matchAll(/^(\d+)$/gm)].map((m) => Number(m[1]));
        return found.length === 2 && found.every((p) => p > 0) ? found : undefined;
      },
      30_000,
      'supervisorctl did not report two running pids',
    );
    children = pids;
    const envs = pids.map(procEnv);
    expect(envs.map((e) => [e.PS, e.PORT]).sort()).toEqual([
      ['web.1', String(port)],
      ['worker.1', String(port + 100)],
    ]);
    const status = await untilValue(
      () => {
        const text = ctl(conf, 'status');
        return (text.match(/RUNNING/g) ?? []).length === 2 ? text : undefined;
      },
      30_000,
      'supervisorctl status did not show both programs RUNNING (startsecs is 1 s)',
    );
    expect(status).toMatch(/^demo:demo-web\.1\s+RUNNING.*\ndemo:demo-worker\.1\s+RUNNING/);

    await stop();
    for (const pid of pids) expect(isAlive(pid), `process ${pid} still alive after supervisord stopped`).toBe(false);
    expect(readFileSync(`${dir}/logs/worker.1.log`, 'utf8')).toContain('worker started (worker.1)');
  });

  it('gives hostile env values and commands to the process byte for byte', async () => {
    dir = makeTempDir();
    exportOk(['supervisord', `${dir}/export`, '-a', 'hostile', '-l', `${dir}/logs`, '-p', '7000'], hostileDir);
    spawnSync('mkdir', ['-p', `${dir}/logs`]);
    const conf = await start(`${dir}/export`);

    const env1 = await untilValue(() => firstJsonLine(`${dir}/logs/env.1.log`), 30_000, 'env.1 printed no JSON');
    const pipe1 = await untilValue(() => firstJsonLine(`${dir}/logs/pipe.1.log`), 30_000, 'pipe.1 printed no JSON');
    const expected = expectedEnv('env.1', 7000);
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, env1.env[k]]))).toEqual(expected);
    expect(env1.argv).toEqual(expectedArgv(7000));
    expect(env1.cwd).toBe(hostileDir);
    await untilValue(
      () => (readFileSync(`${dir}/logs/env.1.log`, 'utf8').includes('and-ran env.1\n') ? true : undefined),
      30_000,
      '&& did not run',
    );
    expect(pipe1.argv).toEqual(['piped']);
    expect(pipe1.env.NEWLINES).toBe(expected.NEWLINES);
    expect(
      ctl(conf, 'avail')
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(['hostile:hostile-env.1', 'hostile:hostile-pipe.1']);
    await stop();
  });
});
