// Working with a running procman from another terminal: `start` in one process, `status`, `restart`,
// `stop` and `logs` in others, as a user would, through the control socket.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hashOf } from '../../src/control/paths.js';
import { BIN, fixture, Procman, procman, ROOT, RUNTIME_DIR } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const CONTROL = fixture('e2e/control');
const PROCFILE = join(CONTROL, 'Procfile');
const SOCKET = join(RUNTIME_DIR, 'procman', `${hashOf(PROCFILE)}.sock`);
/** a command in "another terminal": run to completion in the project folder */
const other = (args: string[]) => procman(args, { cwd: CONTROL, timeoutMs: 15_000 });

async function started(): Promise<Procman> {
  const run = new Procman(['start', '--no-timestamp'], { cwd: CONTROL });
  await run.waitFor(/web\.1 +\| web done/);
  await run.waitFor(/worker\.1 +\| worker ready/);
  return run;
}

/** `status` lines by name: [state, pid, port, uptime, restarts] */
async function status(): Promise<Record<string, string[]>> {
  const result = await other(['status']);
  expect(result.code, result.stderr).toBe(0);
  const [header, ...rows] = result.stdout.trimEnd().split('\n');
  expect(header).toMatch(/^NAME +STATE +PID +PORT +UPTIME +RESTARTS$/);
  return Object.fromEntries(rows.map((row) => row.split(/ {2,}/)).map(([name = '', ...rest]) => [name, rest]));
}

describe('working with a running procman', () => {
  it('status, restart, stop and logs from another terminal; the run goes on', async () => {
    const run = await started();
    const before = await status();
    expect(Object.keys(before)).toEqual(['web.1', 'worker.1']);
    expect(before['web.1']?.slice(0, 3)).toEqual(['running', run.linesOf('web.1')[0]?.replace('started with pid ', ''), '5000']);
    expect(before['worker.1']?.[2]).toBe('5100');
    expect(before['worker.1']?.[3]).toMatch(/^\d+s$/);

    const json = await other(['status', '--json']);
    const rows = JSON.parse(json.stdout) as Array<{ name: string; state: string; pid: number; restarts: number; uptimeMs: number }>;
    expect(rows.map((r) => [r.name, r.state, r.restarts])).toEqual([
      ['web.1', 'running', 0],
      ['worker.1', 'running', 0],
    ]);
    const oldWorker = rows[1]?.pid;
    const web = rows[0]?.pid;

    const restart = await other(['restart', 'worker']);
    expect(restart).toMatchObject({ code: 0, stdout: 'restarting worker.1\n', stderr: '' });
    await run.waitFor(/worker\.1 +\| worker ready[\s\S]*worker\.1 +\| worker ready/);
    const afterRestart = await status();
    expect(afterRestart['worker.1']?.[0]).toBe('running');
    expect(afterRestart['worker.1']?.[1]).not.toBe(String(oldWorker));
    expect(afterRestart['worker.1']?.[4]).toBe('1');
    expect(afterRestart['web.1']?.[1]).toBe(String(web));
    expect(run.exitedYet()).toBe(false);
    expect(run.linesOf('worker.1')).toContain('terminated by SIGTERM');

    const stop = await other(['stop', 'worker']);
    expect(stop).toMatchObject({ code: 0, stdout: 'stopping worker.1\n' });
    await run.waitFor(/terminated by SIGTERM[\s\S]*worker\.1 +\| terminated by SIGTERM/);
    expect((await status())['worker.1']).toEqual(['stopped', '-', '5100', '-', '1']);
    expect(run.exitedYet()).toBe(false);

    const logs = await other(['logs', 'web', '-n', '5']);
    expect(logs).toMatchObject({ code: 0, stderr: '' });
    expect(logs.stdout).toBe(
      ['web.1    | web 6 ', 'web.1    | web 7 ', 'web.1    | web 8 ', 'web.1    | web 9 ', 'web.1    | web done', ''].join('\n'),
    );
    const all = await other(['logs']);
    expect(all.stdout).toContain('worker.1 | terminated by SIGTERM\n');
    expect(all.stdout.split('\n')[0]).toMatch(/^(web|worker)\.1 +\| started with pid \d+$/);

    // a stopped process starts again
    expect((await other(['restart', 'worker.1'])).code).toBe(0);
    await run.waitFor(/(worker\.1 +\| worker ready[\s\S]*){3}/);
    expect((await status())['worker.1']?.[0]).toBe('running');

    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
    expect(existsSync(SOCKET), 'the socket file is removed at exit').toBe(false);
  });

  it('an unknown name lists the known ones; bad -n is one line and a hint', async () => {
    const run = await started();
    const unknown = await other(['restart', 'wrk']);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'procman: unknown process "wrk"; known: web.1, worker.1\n' });
    expect((await other(['stop', 'web.3'])).stderr).toBe('procman: unknown process "web.3"; known: web.1, worker.1\n');
    expect((await other(['logs', 'db'])).code).toBe(1);
    // a reader that goes away: no EPIPE trace, exit 0
    const script = `"${process.execPath}" "${BIN}" logs -n 50 | head -n 1; echo "logs exit=\${PIPESTATUS[0]}" >&2`;
    const piped = await procman([], { cwd: CONTROL, command: ['bash', '-c', script] });
    expect(piped.stdout).toMatch(/^(web|worker)\.1 +\| started with pid \d+\n$/);
    expect(piped.stderr).toBe('logs exit=0\n');
    const count = await other(['logs', '-n', 'x']);
    expect(count).toMatchObject({
      code: 1,
      stderr: 'procman: invalid -n "x": expected a number of lines from 0 to 100000\nhint: for example -n 20\n',
    });
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('logs -f follows until Ctrl-C, and ends with the run', async () => {
    const run = await started();
    const follower = new Procman(['logs', '-f', 'worker', '-n', '1'], { cwd: CONTROL });
    await follower.waitFor(/^worker\.1 +\| worker ready pid=\d+\n/);
    const ender = new Procman(['logs', '--procfile', 'Procfile', '-f', '-n', '1'], { cwd: CONTROL });
    await ender.waitFor(/\| /); // following from now on
    const seen = ender.stdout.length;
    expect((await other(['restart', 'worker'])).code).toBe(0);
    await follower.waitFor(/worker\.1 +\| terminated by SIGTERM\nworker\.1 +\| started with pid \d+\nworker\.1 +\| worker ready/);
    await ender.waitFor(/worker\.1 +\| started with pid \d+\nworker\.1 +\| worker ready/);
    expect(seen).toBeGreaterThan(0);
    expect(follower.stdout).not.toContain('web.1');
    follower.signal('SIGINT');
    expect(await follower.exited).toEqual({ code: 0, signal: null });
    expect(run.exitedYet()).toBe(false);

    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await ender.exit()).toEqual({ code: 0, signal: null });
    expect(ender.stdout).toContain('system   | SIGINT received, starting shutdown\n');
    await assertGone(run.pids);
  });

  it('a procman that does not answer (stopped with Ctrl-Z) is said so within 5 s, not waited for', async () => {
    const run = await started();
    run.signal('SIGSTOP');
    try {
      const result = await other(['status']);
      expect(result).toMatchObject({ code: 1, stderr: `procman: the procman running ${PROCFILE} did not answer within 5 s\n` });
    } finally {
      run.signal('SIGCONT');
    }
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('with no procman running: one line and a hint, exit 1', async () => {
    const dir = project({ Procfile: 'web: node -e ""\n' });
    for (const command of [['status'], ['restart', 'web'], ['stop', 'web'], ['logs']]) {
      const result = await procman(command, { cwd: dir });
      expect(result).toMatchObject({
        code: 1,
        stdout: '',
        stderr: `procman: no procman is running for ${join(dir, 'Procfile')}\nhint: start one with procman start; from another folder, give the same -f/-d\n`,
      });
    }
  });

  it('a second start of the same Procfile is refused, naming the running pid; --no-control runs anyway', async () => {
    const run = await started();
    const second = await other(['start', '--no-timestamp']);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `procman: procman is already running for ${PROCFILE} (pid ${run.pid})\nhint: use procman status, restart, stop or logs to work with it, or stop it first\n`,
    );
    const free = new Procman(['start', '--no-control', '--no-timestamp', '-m', 'worker=1,web=0'], { cwd: CONTROL });
    await free.waitFor(/worker\.1 +\| worker ready/);
    free.signal('SIGINT');
    expect((await free.exited).code).toBe(0);
    // through a symlink to the folder, it is the same Procfile
    const link = join(project(), 'link');
    symlinkSync(CONTROL, link);
    const throughLink = await procman(['status'], { cwd: link });
    expect(throughLink.code, throughLink.stderr).toBe(0);
    expect((await procman(['start'], { cwd: link })).stderr).toContain(`(pid ${run.pid})`);
    // the first one still answers
    expect((await status())['web.1']?.[0]).toBe('running');
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('a stale socket left by a procman killed with SIGKILL is detected and replaced', async () => {
    const killed = await started();
    killed.signal('SIGKILL');
    await killed.exited;
    await assertGone(killed.pids); // the watchdog stops its processes
    expect(existsSync(SOCKET), 'a SIGKILL leaves the socket file').toBe(true);
    const none = await other(['status']);
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining(`procman: no procman is running for ${PROCFILE}\n`) });
    const run = await started();
    expect((await status())['worker.1']?.[0]).toBe('running');
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('refuses a control folder open to others, before starting anything', async () => {
    const runtime = project();
    mkdirSync(join(runtime, 'procman'));
    chmodSync(join(runtime, 'procman'), 0o777);
    const result = await procman(['start'], { cwd: CONTROL, env: { XDG_RUNTIME_DIR: runtime } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `procman: control folder ${join(runtime, 'procman')} is open to others (mode 777; expected 700)\nhint: remove it, or set XDG_RUNTIME_DIR to a folder of your own (procman start --no-control runs without it)\n`,
    );
  });

  it('the API offers the socket with control: true, and lets the program exit after the run', async () => {
    const api = join(ROOT, 'dist/api.js');
    const script = [
      `const { start } = await import(${JSON.stringify(api)});`,
      `const handle = await start({ cwd: ${JSON.stringify(CONTROL)}, control: true, signals: true, defaults: false });`,
      `handle.on((e) => { if (e.kind === 'line' && e.bytes.includes('worker ready')) console.log('api ready'); });`,
      `console.log('exit code', await handle.exitCode);`,
    ].join('\n');
    const program = new Procman(['--input-type=module', '-e', script], { cwd: CONTROL, command: [process.execPath] });
    await program.waitFor(/api ready/);
    expect((await status())['worker.1']?.[0]).toBe('running');
    expect((await other(['stop', 'web'])).code).toBe(0);
    program.signal('SIGINT');
    // the program's own loop ends: nothing of procman's control keeps it alive
    expect(await program.exit()).toEqual({ code: 0, signal: null });
    expect(program.stdout).toContain('exit code 0');
    expect(existsSync(SOCKET)).toBe(false);
  });

  const asNobody = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
  it.skipIf(!asNobody)('another user cannot connect (runs as root: checked as nobody)', async () => {
    const run = await started();
    const connect = `require('net').connect(${JSON.stringify(SOCKET)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => console.log(e.code))`;
    const direct = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', connect], {
      encoding: 'utf8',
      timeout: 10_000,
      cwd: '/',
    });
    expect(direct.stdout.trim()).toBe('EACCES');
    const cli = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, 'status', '-f', PROCFILE], {
      encoding: 'utf8',
      timeout: 10_000,
      cwd: '/',
      env: { ...process.env, XDG_RUNTIME_DIR: RUNTIME_DIR },
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/^procman: cannot reach the procman of .* \(EACCES\)\n/);
    expect((await status())['web.1']?.[0]).toBe('running');
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
  });
});
