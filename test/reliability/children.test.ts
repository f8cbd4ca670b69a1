// Children that misbehave: exit at once, crash, close stdout but keep running, write only to stderr,
// never write. And secrets: values from env files never appear in procman's own output.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { project, removeTemps } from '../helpers/temp.js';
import { assertNoneTagged, bin, killLeftovers, node, procfile, Run } from './helpers.js';

afterEach(() => {
  expect(killLeftovers(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const READY = (label: string): [string, string] => [label, node(bin('ready.js'), label)];

describe('children that misbehave', () => {
  it('one exits 0 at once: the others are stopped, procman exits 0', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({ Procfile: procfile([READY('web'), ['quick', node(bin('exit-with.js'), 0)], READY('worker')]) }),
    });
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.linesOf('quick.1')).toContain('exited with code 0');
    await assertNoneTagged(run.tag);
  });

  it('one crashes at once (exit 3) among 20 starting: no restart, everything stops, procman exits 3', async () => {
    const entries = [['crash', node(bin('exit-with.js'), 3)] as [string, string], ...Array.from({ length: 20 }, (_, i) => READY(`w${i}`))];
    const run = new Run(['start', '--no-timestamp'], { cwd: project({ Procfile: procfile(entries) }) });
    expect(await run.exit()).toEqual({ code: 3, signal: null });
    expect(run.linesOf('crash.1').filter((l) => l.startsWith('started with pid'))).toHaveLength(1);
    expect(run.linesOf('crash.1')).toContain('exited with code 3');
    expect(run.stdout).toContain('sending SIGTERM to all processes');
    expect(run.startedPids()).toHaveLength(21);
    await assertNoneTagged(run.tag);
  });

  it('a shell whose background job lives on after it exits 4: procman exits 4 and kills the job', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({ Procfile: procfile([['bg', `sleep 1000 & echo "bg pid=$!"; exit 4`], READY('web')]) }),
    });
    expect(await run.exit()).toEqual({ code: 4, signal: null });
    expect(run.stdout).toMatch(/bg pid=\d+/);
    await assertNoneTagged(run.tag);
  });

  it('a command that does not exist: exit 127 with the shell’s message, no stack trace', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({ Procfile: procfile([['ghost', 'procman-no-such-program --x'], READY('web')]) }),
    });
    expect(await run.exit()).toEqual({ code: 127, signal: null });
    expect(run.linesOf('ghost.1')).toContainEqual(expect.stringMatching(/not found/));
    expect(run.stderr).not.toMatch(/^\s+at /m);
    await assertNoneTagged(run.tag);
  });

  it('one closes its stdout but keeps running: not taken for an exit; its stderr still shows', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({ Procfile: procfile([['closer', node('close-stdout.js')], READY('web')]) }),
    });
    await run.waitFor(/closer ready/);
    await run.waitFor(/web ready/);
    await run.waitFor(/still running after closing stdout/);
    expect(run.stdout).not.toMatch(/exited|terminated|sending SIGTERM/);
    expect(run.linesOf('closer.1')).toEqual(expect.arrayContaining(['stdout closed', 'still running after closing stdout']));
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.linesOf('closer.1').at(-1)).toMatch(/^(terminated by SIGTERM|exited with code 0)$/);
    await assertNoneTagged(run.tag);
  });

  it('one writes to stderr only: every line shows under its prefix', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({ Procfile: procfile([['err', node('stderr-only.js')], READY('web')]) }),
    });
    await run.waitFor(/stderr ready/);
    await run.waitFor(/web ready/);
    run.signal('SIGTERM');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.linesOf('err.1')).toEqual(expect.arrayContaining(['stderr line 1', 'stderr line 2', 'stderr line 3']));
    expect(run.stderr).toBe('');
    await assertNoneTagged(run.tag);
  });

  it('one never writes: started, stopped, reported', async () => {
    const run = new Run(['start', '--no-timestamp'], { cwd: project({ Procfile: procfile([['mute', node('silent.js')], READY('web')]) }) });
    await run.waitFor(/mute\.1 +\| started with pid \d+/);
    await run.waitFor(/web ready/);
    run.signal('SIGHUP');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    expect(run.linesOf('mute.1')).toEqual([expect.stringMatching(/^started with pid \d+$/), 'terminated by SIGTERM']);
    await assertNoneTagged(run.tag);
  });
});

describe('secrets stay secret', () => {
  const SECRET = 'hunter2-xyz';
  const ENV = `DATABASE_URL=postgres://u:${SECRET}@db/x\nSECRET=${SECRET}\nQUOTED="${SECRET} with spaces"\n`;
  const noSecret = (run: Run) => {
    expect(run.stdout, 'stdout').not.toContain(SECRET);
    expect(run.stderr, 'stderr').not.toContain(SECRET);
  };

  const failures: Array<[string, Record<string, string>, string[]]> = [
    ['a bad Procfile line (start)', { Procfile: 'web: x\nworker node w.js\n', '.env': ENV }, ['start']],
    ['a bad Procfile line (check)', { Procfile: 'web: x\nworker node w.js\n', '.env': ENV }, ['check']],
    ['a bad -p', { Procfile: 'web: x\n', '.env': ENV }, ['start', '-p', 'abc']],
    ['a bad -m', { Procfile: 'web: x\n', '.env': ENV }, ['start', '-m', 'web=x']],
    ['a bad -t', { Procfile: 'web: x\n', '.env': ENV }, ['start', '-t', 'x']],
    ['an unknown type', { Procfile: 'web: x\n', '.env': ENV }, ['start', 'nosuch']],
    ['a bad line after the secret in the env file', { Procfile: 'web: x\n', '.env': `${ENV}NOT VALID LINE\n` }, ['start']],
    ['an invalid name next to the secret', { Procfile: 'web: x\n', '.env': `MY SECRET=${SECRET}\n` }, ['check']],
    ['an unterminated quote holding the secret', { Procfile: 'web: x\n', '.env': `A=1\nSECRET="${SECRET}\n` }, ['check']],
    ['a missing -e file next to it', { Procfile: 'web: x\n', '.env': ENV }, ['start', '-e', '.env,missing.env']],
    ['an env file check that passes', { Procfile: 'web: x\n', '.env': ENV }, ['check']],
  ];
  for (const [name, files, args] of failures) {
    it(`not printed on ${name}`, async () => {
      const run = new Run(args, { cwd: project(files) });
      await run.exit();
      noSecret(run);
    });
  }

  // Regression (fixed): a bad PORT value from an env file is echoed: `procman: invalid port "hunter2-xyz" from PORT
  // in the env files`. README: "procman itself never prints a value from the env files". Repro:
  // printf 'PORT=hunter2-xyz\n' > .env; procman start. Fix: name the file and the variable, not
  // the value (or print the value only when it came from -p, which the user typed).
  it('not printed when the env file’s PORT is invalid', async () => {
    const run = new Run(['start'], { cwd: project({ Procfile: 'web: x\n', '.env': `PORT=${SECRET}\n` }) });
    expect((await run.exit()).code).toBe(1);
    noSecret(run);
  });

  it('not printed when a child fails, nor at shutdown, nor when the child’s env is used but not printed', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({
        Procfile: procfile([
          READY('web'),
          // fails once `uses` has printed its line (the flag), so the failure does not cut it short
          ['fail', `while [ ! -f uses.flag ]; do sleep 0.05; done; exec ${node(bin('exit-with.js'), 2)}`],
          ['uses', `test "\${#SECRET}" = 11 && echo "uses ready" && touch uses.flag && exec sleep 1000`],
        ]),
        '.env': ENV,
      }),
    });
    expect(await run.exit()).toEqual({ code: 2, signal: null });
    expect(run.stdout).toMatch(/uses ready/); // the child got the secret
    noSecret(run);
  });

  it('only a child prints it: its own line, nothing from procman', async () => {
    const run = new Run(['start', '--no-timestamp'], {
      cwd: project({ Procfile: procfile([['leak', node(bin('echo-env.js'), 'SECRET')]]), '.env': ENV }),
    });
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    const withSecret = run.stdout.split('\n').filter((l) => l.includes(SECRET));
    expect(withSecret).toEqual([`leak.1 | SECRET=${SECRET}`]);
  });
});
