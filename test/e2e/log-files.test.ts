// --log-dir from the built CLI: one file per process, byte for byte after the time prefix, appended
// across runs; a log file that cannot keep up (a FIFO nobody reads) or a full disk (a small tmpfs)
// never holds the console or the processes back.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixture, Procman } from '../helpers/cli.js';
import { assertGone, killTracked } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

const BIN = fixture('bin');
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
const LOG_LINE = new RegExp(`^(${ISO}) ([|!+#]) `);

/** A log file's lines: time, mark and the text (latin1: one char a byte, so the bytes compare exactly). */
function readLog(path: string): Array<{ mark: string; text: string }> {
  const text = readFileSync(path).toString('latin1');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const match = LOG_LINE.exec(line);
      if (!match) throw new Error(`not a log line: ${JSON.stringify(line)}`);
      return { mark: match[2] as string, text: line.slice(match[0].length) };
    });
}

const texts = (lines: Array<{ mark: string; text: string }>, mark: string) => lines.filter((l) => l.mark === mark).map((l) => l.text);

describe('--log-dir', () => {
  it('writes each process to <dir>/<name>.log: its bytes after `<ISO time> <mark> `, | stdout, ! stderr, # procman', async () => {
    const dir = project({ Procfile: `alpha: node ${BIN}/mixed.js alpha 300\nbeta: node ${BIN}/mixed.js beta 300\n` });
    const run = new Procman(['start', '--log-dir', 'logs/run'], { cwd: dir });
    for (const label of ['alpha', 'beta']) {
      await run.waitFor(new RegExp(`${label}\\.1 +\\| ${label} ready pid=`));
      await run.waitFor(new RegExp(`${label} err done`));
    }
    run.signal('SIGINT');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    await assertGone([...run.pids, ...run.reported]);
    for (const label of ['alpha', 'beta']) {
      const lines = readLog(join(dir, 'logs/run', `${label}.1.log`));
      const numbered = (stream: string) => Array.from({ length: 300 }, (_, i) => `${label} ${stream} ${i}`);
      const invalid = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(label), Buffer.from([0xc3, 0x28])]).toString('latin1');
      expect(texts(lines, '|')).toEqual([
        ...numbered('out'),
        invalid,
        Buffer.from(`${label} \r\t"quoted" é 日本`).toString('latin1'),
        expect.stringMatching(new RegExp(`^${label} ready pid=\\d+$`)),
      ]);
      expect(texts(lines, '!')).toEqual([...numbered('err'), `${label} err done`]);
      expect(texts(lines, '#')).toEqual([expect.stringMatching(/^started with pid \d+$/), 'terminated by SIGTERM']);
      expect(lines[0]?.mark).toBe('#');
      expect(lines.at(-1)?.mark).toBe('#');
    }
    // the console is unchanged by --log-dir
    expect(run.linesOf('alpha.1')).toContain('alpha out 299');
  });

  it('appends across runs, and completes a last line without newline', async () => {
    const dir = project({ Procfile: `partial: node ${BIN}/partial.js\n` });
    for (let i = 0; i < 2; i++) {
      const run = new Procman(['start', '--log-dir', 'logs'], { cwd: dir });
      expect(await run.exit()).toEqual({ code: 0, signal: null });
    }
    const lines = readLog(join(dir, 'logs/partial.1.log'));
    const oneRun = [
      ['#', expect.stringMatching(/^started with pid \d+$/)],
      ['|', 'first line'],
      ['|', 'last line without newline'],
      ['#', 'exited with code 0'],
    ];
    const shown = lines.map((l) => [l.mark, l.text]);
    // stderr is a pipe of its own: where its line falls among stdout's is not defined
    expect(shown.filter(([mark]) => mark !== '!')).toEqual([...oneRun, ...oneRun]);
    expect(shown.filter(([mark]) => mark === '!')).toEqual([
      ['!', 'to stderr'],
      ['!', 'to stderr'],
    ]);
  });

  it('refuses a log folder that is a file, and a FIFO that nobody reads, before starting anything', async () => {
    const dir = project({ Procfile: `partial: node ${BIN}/partial.js\n`, taken: 'a file\n' });
    const file = new Procman(['start', '--log-dir', 'taken'], { cwd: dir });
    expect(await file.exit()).toEqual({ code: 1, signal: null });
    expect(file.stderr).toBe('procman: the log folder is not a directory: taken\nhint: check the path given to --log-dir\n');
    mkdirSync(join(dir, 'fifo'));
    spawnSync('mkfifo', [join(dir, 'fifo/partial.1.log')]);
    const fifo = new Procman(['start', '--log-dir', 'fifo'], { cwd: dir });
    expect(await fifo.exit()).toEqual({ code: 1, signal: null });
    expect(fifo.stderr).toBe(
      'procman: cannot open the log file fifo/partial.1.log: a FIFO that nobody reads (ENXIO)\nhint: check the path given to --log-dir\n',
    );
    expect(fifo.stdout).toBe('');
  });
});

describe('a log file that cannot keep up', () => {
  it('drops lines past its 8 MiB queue without stalling the console, then says how many it dropped', async () => {
    const COUNT = 100_000; // about 14 MB of log lines: more than the queue and the FIFO's buffer
    const dir = project({
      Procfile: `alpha: node ${BIN}/chatty.js alpha ${COUNT} 100 && node ${BIN}/ready.js alpha-done\nbeta: node ${BIN}/ready.js beta\n`,
    });
    mkdirSync(join(dir, 'logs'));
    const fifo = join(dir, 'logs/alpha.1.log');
    spawnSync('mkfifo', [fifo]);
    // a reader that holds the FIFO open and reads nothing until told: a disk that has stopped
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    let socket: Socket | undefined;
    try {
      const run = new Procman(['start', '--no-timestamp', '--log-dir', 'logs'], { cwd: dir, timeoutMs: 60_000 });
      // every line reaches the console while the log file is stuck
      await run.waitFor(/alpha-done ready pid=/, 40_000);
      await run.waitFor(/beta ready pid=/);
      const body = run.linesOf('alpha.1').filter((l) => l.startsWith('alpha '));
      expect(body).toHaveLength(COUNT);
      // now read it: the queue drains, and the marker follows
      const chunks: Buffer[] = [];
      socket = new Socket({ fd, readable: true, writable: false });
      const ended = new Promise<void>((resolve) => socket?.once('end', resolve));
      const marked = new Promise<void>((resolve) => {
        socket?.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (chunk.includes('procman dropped ')) resolve();
        });
      });
      await within(marked, 20_000, 'the dropped-lines marker in the log file');
      run.signal('SIGINT');
      expect(await run.exit()).toEqual({ code: 0, signal: null });
      await within(ended, 10_000, 'the end of the log file (procman closes it)');
      writeFileSync(join(dir, 'alpha.1.log'), Buffer.concat(chunks));
      const lines = readLog(join(dir, 'alpha.1.log'));
      const at = lines.findIndex((l) => l.mark === '#' && l.text.startsWith('procman dropped '));
      const dropped = Number(/^procman dropped (\d+) lines here: the log file did not keep up$/.exec(lines[at]?.text ?? '')?.[1]);
      const pad = 'x'.repeat(100);
      const expected = [...Array.from({ length: COUNT }, (_, i) => `alpha ${i} ${pad}`), 'alpha-done ready'];
      const before = texts(lines.slice(0, at), '|');
      const after = texts(lines.slice(at + 1), '|').map((l) => l.replace(/ pid=\d+$/, ''));
      expect(before.length).toBeGreaterThan(0);
      expect(dropped).toBeGreaterThan(0);
      // what was written is intact and in order; the marker counts exactly the lines in between
      expect(before).toEqual(expected.slice(0, before.length));
      expect(after).toEqual(expected.slice(before.length + dropped));
      expect(lines.filter((l) => l.text.startsWith('procman dropped '))).toHaveLength(1);
      expect(run.stdout).not.toContain('cannot write');
      await assertGone([...run.pids, ...run.reported]);
    } finally {
      socket?.destroy();
      if (!socket) closeSync(fd);
    }
  });
});

describe('a log file that never takes its lines', () => {
  it('does not keep procman from exiting: it waits 2 s for the file, then says its last lines are lost', async () => {
    const dir = project({ Procfile: `alpha: node ${BIN}/chatty.js alpha 30000 100\n` });
    mkdirSync(join(dir, 'logs'));
    const fifo = join(dir, 'logs/alpha.1.log');
    spawnSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // held open, never read
    try {
      const run = new Procman(['start', '--no-timestamp', '--log-dir', 'logs'], { cwd: dir });
      await run.waitFor(/alpha\.1 +\| exited with code 0/, 30_000);
      const exited = Date.now();
      expect(await run.exit(10_000)).toEqual({ code: 0, signal: null });
      expect(Date.now() - exited).toBeGreaterThanOrEqual(1500);
      expect(run.linesOf('alpha.1').filter((l) => l.startsWith('alpha '))).toHaveLength(30_000);
      expect(run.lines().at(-1)).toBe(
        'system  | cannot write logs/alpha.1.log: it did not take its last lines before procman exited (ETIMEDOUT); they are lost',
      );
    } finally {
      closeSync(fd);
    }
  });
});

describe('a full disk', () => {
  it('reports ENOSPC once per file on the console, stops writing it, and the processes and console go on', async (context) => {
    const dir = project({
      Procfile: [
        `alpha: node ${BIN}/chatty.js alpha 3000 100 && node ${BIN}/ready.js alpha-done`,
        `beta: node ${fixture('reliability/ticker.js')} beta 150 10`,
        '',
      ].join('\n'),
    });
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', logs], { encoding: 'utf8' });
    if (mount.status !== 0) {
      context.skip(
        `cannot mount a 64 KiB tmpfs here (${(mount.stderr || mount.error?.message || '').trim()}): the full-disk test needs root`,
      );
    }
    try {
      const run = new Procman(['start', '--no-timestamp', '--log-dir', 'logs'], { cwd: dir });
      await run.waitFor(/alpha-done ready pid=/, 30_000);
      await run.waitFor(/beta done/, 30_000);
      await run.waitFor(/no space left on the device/);
      run.signal('SIGINT');
      expect(await run.exit()).toEqual({ code: 0, signal: null });
      await assertGone([...run.pids, ...run.reported]);
      // the console: every line of both, in order, and one system line per file that filled
      const alpha = run.linesOf('alpha.1').filter((l) => l.startsWith('alpha '));
      expect(alpha).toEqual(Array.from({ length: 3000 }, (_, i) => `alpha ${i} ${'x'.repeat(100)}`));
      expect(
        run
          .linesOf('beta.1')
          .filter((l) => /^beta \d/.test(l))
          .map((l) => l.split(' ')[1]),
      ).toEqual(Array.from({ length: 150 }, (_, i) => String(i)));
      const reports = run.linesOf('system').filter((l) => l.startsWith('cannot write'));
      expect(reports.length).toBeGreaterThan(0);
      for (const name of ['alpha.1', 'beta.1']) {
        expect(reports.filter((l) => l.includes(`logs/${name}.log:`)).length).toBeLessThanOrEqual(1);
      }
      expect(reports).toContain('cannot write logs/alpha.1.log: no space left on the device (ENOSPC); no longer writing it');
      // what the file took before the disk filled is intact and in order (its last line may be cut)
      const taken = readFileSync(join(logs, 'alpha.1.log'), 'latin1').split('\n').slice(0, -1);
      const body = taken.filter((l) => / \| alpha /.test(l)).map((l) => l.replace(LOG_LINE, ''));
      expect(body.length).toBeGreaterThan(0);
      expect(body).toEqual(alpha.slice(0, body.length));
    } finally {
      spawnSync('umount', [logs]);
    }
    expect(existsSync(join(logs, 'alpha.1.log'))).toBe(false); // unmounted
  });
});

/** Resolves with `promise`, or fails naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
