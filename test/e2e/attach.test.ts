// procman attach: a terminal (a real pty, driven by Python's pty module) connected to one process
// started with --tty, while procman runs in another process.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, fixture, Procman, procman, RUNTIME_DIR } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});

const ATTACH = fixture('e2e/attach');
const DETACH = '\u001d';

/** `procman attach NAME` on a real terminal, typing and waiting as `steps` say; its exit code and what the terminal showed. */
async function attach(
  name: string,
  steps: Array<['send' | 'expect', string]>,
): Promise<{ code: number | null; failure: string | null; output: string }> {
  // not execFileSync: the test must go on reading procman's output meanwhile
  const { stdout } = await promisify(execFile)('python3', [fixture('e2e/attach/drive.py'), process.execPath, BIN, 'attach', name], {
    cwd: ATTACH,
    env: { ...process.env, STEPS: JSON.stringify(steps), XDG_RUNTIME_DIR: RUNTIME_DIR },
    encoding: 'utf8',
    timeout: 40_000,
  });
  return JSON.parse(stdout);
}

async function started(): Promise<Procman> {
  const run = new Procman(['start', '--no-timestamp', '--tty', 'reverse,debug'], { cwd: ATTACH });
  await run.waitFor(/reverse\.1 +\| reverse ready/);
  await run.waitFor(/debug\.1 +\| -> while True:/);
  await run.waitFor(/web\.1 +\| web ready/);
  return run;
}

const hasPython = (() => {
  try {
    return execFileSync('python3', ['-c', 'import pty; print("ok")'], { encoding: 'utf8' }).trim() === 'ok';
  } catch {
    return false;
  }
})();
if (!hasPython) console.log('[attach] skipped: these tests drive a real terminal with python3 and its pty module');

describe.skipIf(!hasPython)('procman attach', () => {
  it('types into a process and shows its output unprefixed; Ctrl-] detaches, leaving it running', async () => {
    const run = await started();
    const result = await attach('reverse', [
      ['expect', 'Ctrl-] detaches'],
      ['send', 'hello procman\r'],
      ['expect', 'namcorp olleh'],
      ['send', DETACH],
    ]);
    expect(result.failure).toBeNull();
    expect(result.code).toBe(0);
    expect(result.output).toContain('procman: attached to reverse.1; Ctrl-] detaches');
    expect(result.output).toMatch(/\nnamcorp olleh\r/); // no prefix
    expect(result.output).toContain('procman: detached from reverse.1; it runs on');
    // the console showed it too, prefixed, without the terminal's \r
    await run.waitFor(/reverse\.1 +\| namcorp olleh\n/);
    const status = await procman(['status'], { cwd: ATTACH });
    expect(status.stdout).toMatch(/^reverse\.1 +running/m);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await assertGone(run.pids);
  });

  it("Python's pdb: its prompt, p answer*7, 42; detached, it still runs", async () => {
    const run = await started();
    const result = await attach('debug', [
      ['expect', '(Pdb) '],
      ['send', 'p answer*7\r'],
      ['expect', '42'],
      ['send', DETACH],
    ]);
    expect(result.failure).toBeNull();
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/\(Pdb\) p answer\*7\r\r?\n42\r/);
    const status = await procman(['status'], { cwd: ATTACH });
    expect(status.stdout).toMatch(/^debug\.1 +running/m);
    run.signal('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.linesOf('debug.1').at(-1)).toBe('terminated by SIGTERM');
    await assertGone(run.pids);
  });

  it('a process not on a terminal: attach says so and how to enable it; an unknown one lists the known', async () => {
    const run = await started();
    const web = await procman(['attach', 'web'], { cwd: ATTACH });
    expect(web).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'procman: web.1 is not on a terminal: start procman with --tty web (or --tty for every type) to attach to it\n',
    });
    const unknown = await procman(['attach', 'db'], { cwd: ATTACH });
    expect(unknown).toMatchObject({ code: 1, stderr: 'procman: unknown process "db"; known: reverse.1, debug.1, web.1\n' });
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it("--stdin sends procman's own input to one process; the end of it closes the process's stdin", async () => {
    const run = new Procman(['start', '--no-timestamp', '--stdin', 'reverse', '-m', 'reverse=1,web=1'], { cwd: ATTACH, stdin: 'pipe' });
    await run.waitFor(/reverse\.1 +\| reverse ready/);
    run.tell('hello stdin');
    await run.waitFor(/reverse\.1 +\| nidts olleh\n/);
    run.child.stdin?.end();
    // its end of input ends it, and as the first exit, the run (Foreman's rule)
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.linesOf('reverse.1')).toContain('exited with code 0');
    const two = await procman(['start', '--stdin', 'web', '-m', 'web=2'], { cwd: ATTACH });
    expect(two).toMatchObject({ code: 1, stderr: 'procman: --stdin web is 2 processes; name one: web.1, web.2\n' });
  });

  it('--tty refuses an unknown type before starting anything', async () => {
    const result = await procman(['start', '--tty', 'revers'], { cwd: ATTACH });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^procman: unknown process type "revers"; known: reverse, debug, web\n/);
  });
});
