import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/cli.js';
import { alive, assertGone, isAlive, runSync, type SyncResult, sigkill, untilValue } from '../helpers/process.js';
import { demoDir, expectedArgv, expectedEnv, exportOk, freePort, hostileDir, makeTempDir, removeDir } from './export-helpers.js';

const hasChpst = existsSync('/usr/bin/chpst');
const hasRunsv = hasChpst && existsSync('/usr/bin/runsv') && existsSync('/usr/bin/sv');
if (!hasRunsv) console.log('note: runsv, sv or chpst not found (Debian package "runit"): runit e2e tests skipped');

const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** Runs a service's `run` script directly, the way runsv does: from its service folder. */
function runService(serviceDir: string): SyncResult {
  return runSync(['./run'], { cwd: serviceDir, env: { PATH } });
}

/** A real runsv supervising one exported service folder, its output kept (what a service without log/ prints). */
class Runsv {
  readonly proc: ChildProcess;
  output = '';

  constructor(readonly service: string) {
    this.proc = spawn('/usr/bin/runsv', [service], { env: { PATH }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout?.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
    this.proc.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
  }

  /** The pid of the service's process, once runsv has started it. */
  async pid(): Promise<number> {
    return untilValue(
      () => {
        const text = existsSync(`${this.service}/supervise/pid`) ? readFileSync(`${this.service}/supervise/pid`, 'utf8').trim() : '';
        return text === '' ? undefined : Number(text);
      },
      20_000,
      `runsv did not start ${this.service}:\n${this.output}`,
    );
  }

  sv(...args: string[]): SyncResult {
    return runSync(['/usr/bin/sv', ...args, this.service], { env: { PATH }, timeoutMs: 30_000 });
  }

  /** `sv exit`: runsv stops the service (and its log service) and exits. */
  async exit(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = once(this.proc, 'exit');
    this.sv('exit');
    const timer = setTimeout(() => sigkill(-(this.proc.pid as number)), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

describe.skipIf(!hasChpst)('export runit', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('writes run scripts that pass sh -n and start the process with the hostile env byte for byte', () => {
    dir = makeTempDir();
    exportOk(['runit', dir, '-a', 'hostile', '-p', '7000'], hostileDir);
    expect(readdirSync(dir).sort()).toEqual(['.procman-export.json', 'hostile-env.1', 'hostile-pipe.1']);
    const service = `${dir}/hostile-env.1`;
    for (const script of [`${service}/run`, `${service}/log/run`, `${service}/control/t`, `${service}/control/k`]) {
      expect(statSync(script).mode & 0o777).toBe(0o755);
      const check = spawnSync('sh', ['-n', script], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
    const expected = expectedEnv('env.1', 7000);
    expect(readdirSync(`${service}/env`).sort()).toEqual(Object.keys(expected).sort());

    const { status, stdout, stderr } = runService(service);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const [json, after] = stdout.split('\n');
    const printed = JSON.parse(json ?? '');
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, printed.env[k]]))).toEqual(expected);
    expect(printed.argv).toEqual(expectedArgv(7000));
    expect(printed.cwd).toBe(hostileDir);
    expect(after).toBe('and-ran env.1');

    expect(JSON.parse(runService(`${dir}/hostile-pipe.1`).stdout).argv).toEqual(['piped']);
  });
});

describe.skipIf(!hasRunsv)('export runit, run by a real runsv', () => {
  let dir: string | undefined;
  let runsv: Runsv | undefined;
  let pids: number[] = [];

  afterEach(async () => {
    await runsv?.exit();
    // the group of the service's process (chpst -P made it lead one) even if its leader is gone
    for (const pid of pids) {
      sigkill(-pid);
      if (isAlive(pid)) sigkill(pid);
    }
    removeDir(dir);
    dir = undefined;
    runsv = undefined;
    pids = [];
  });

  it('runs the demo web: it answers on its PORT, logs through svlogd, and sv stop stops it', async () => {
    dir = makeTempDir();
    const port = await freePort();
    exportOk(['runit', `${dir}/sv`, '-a', 'demo', '-p', String(port), '-l', `${dir}/logs`], demoDir);
    runsv = new Runsv(`${dir}/sv/demo-web.1`);
    const pid = await runsv.pid();
    pids.push(pid);
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
    await untilValue(
      () => (readFileSync(`${dir}/logs/web.1/current`, 'utf8').includes(`listening on http://localhost:${port}`) ? true : undefined),
      20_000,
      'svlogd did not log the listening line',
    );
    const stop = runsv.sv('-w', '10', 'stop');
    expect(stop.stdout).toMatch(/^ok: down: /);
    expect(isAlive(pid)).toBe(false);
  });

  it('gives the process the hostile env byte for byte, and the command its arguments', async () => {
    dir = makeTempDir();
    exportOk(['runit', `${dir}/sv`, '-a', 'hostile', '-p', '7000'], hostileDir);
    const service = `${dir}/sv/hostile-env.1`;
    rmSync(`${service}/log`, { recursive: true }); // without a log service, runsv passes the output through: no svlogd line limit
    runsv = new Runsv(service);
    const line = await untilValue(
      () => (runsv as Runsv).output.split('\n').find((l) => l.startsWith('{') && (runsv as Runsv).output.includes(`${l}\n`)),
      20_000,
      'env.1 printed no JSON under runsv',
    );
    const printed = JSON.parse(line);
    const expected = expectedEnv('env.1', 7000);
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, printed.env[k]]))).toEqual(expected);
    expect(printed.argv).toEqual(expectedArgv(7000));
    expect(printed.cwd).toBe(hostileDir);
    expect(runsv.sv('-w', '10', 'stop').stdout).toMatch(/^ok: down: /);
  });

  it('sv stop stops the whole tree: children and grandchildren, not just the process runsv started', async () => {
    dir = makeTempDir();
    writeFileSync(`${dir}/Procfile`, `tree: node ${fixture('bin/spawn-tree.js')}\n`);
    exportOk(['runit', `${dir}/sv`, '-a', 'tree'], dir);
    const service = `${dir}/sv/tree-tree.1`;
    rmSync(`${service}/log`, { recursive: true });
    runsv = new Runsv(service);
    pids.push(await runsv.pid());
    const output = () => (runsv as Runsv).output;
    await untilValue(
      () => ((output().match(/grandchild pid=\d+/g) ?? []).length === 2 && /tree ready/.test(output()) ? true : undefined),
      20_000,
      `the tree did not start:\n${output()}`,
    );
    pids.push(...[...output().matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])));
    expect(alive(pids)).toHaveLength(pids.length);
    expect(runsv.sv('-w', '10', 'stop').stdout).toMatch(/^ok: down: /);
    await assertGone(pids);
  });

  it('sv force-stop is -t: SIGTERM to the group, then SIGKILL to it when the wait is over', async () => {
    dir = makeTempDir();
    writeFileSync(`${dir}/Procfile`, `stubborn: node ${fixture('bin/ignore-sigterm.js')}\n`);
    exportOk(['runit', `${dir}/sv`, '-a', 'stubborn'], dir);
    const service = `${dir}/sv/stubborn-stubborn.1`;
    rmSync(`${service}/log`, { recursive: true });
    runsv = new Runsv(service);
    pids.push(await runsv.pid());
    await untilValue(() => ((runsv as Runsv).output.includes('stubborn ready') ? true : undefined), 20_000, 'stubborn did not start');
    const stop = runsv.sv('-w', '1', 'force-stop');
    expect(stop.stdout).toMatch(/^kill: /);
    await assertGone(pids);
    // the output arrives once sv (run synchronously) has returned
    await untilValue(() => ((runsv as Runsv).output.includes('SIGTERM ignored') ? true : undefined), 10_000, 'no SIGTERM came first');
  });
});
