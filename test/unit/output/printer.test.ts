import { describe, expect, it } from 'vitest';
import {
  type ByteSink,
  type Colourer,
  formatPrefix,
  formatTime,
  nameWidth,
  Printer,
  prefixLines,
  SYSTEM,
  typeOf,
} from '../../../src/output/printer.js';
import { describeExit } from '../../../src/output/wording.js';
import type { ExitStatus, RuntimeEvent } from '../../../src/runtime/events.js';

const b = (s: string) => Buffer.from(s, 'utf8');

/** 12:00:01 local time on some day, whatever the time zone. */
const NOON = new Date(2024, 2, 10, 12, 0, 1, 250).getTime();

class FakeSink implements ByteSink {
  chunks: Buffer[] = [];
  result = true;
  write(chunk: Buffer): boolean {
    this.chunks.push(Buffer.from(chunk));
    return this.result;
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }
}

const output = (name: string, data: string | Buffer, continuation = false, at = NOON): RuntimeEvent => ({
  kind: 'line',
  name,
  stream: 'stdout',
  bytes: typeof data === 'string' ? b(data) : data,
  continuation,
  at,
});
const started = (name: string, pid: number | undefined, at = NOON): RuntimeEvent => ({
  kind: 'state',
  name,
  from: 'starting',
  to: 'running',
  pid,
  at,
});
const exited = (name: string, status: ExitStatus, at = NOON): RuntimeEvent => ({
  kind: 'state',
  name,
  from: 'running',
  to: 'exited',
  pid: 1,
  status,
  at,
});
const term = (at = NOON): RuntimeEvent => ({ kind: 'shutdown', phase: 'term', names: ['web.1'], signal: 'SIGTERM', all: true, at });
const begin = (signal: 'SIGINT', at = NOON): RuntimeEvent => ({ kind: 'shutdown', phase: 'begin', cause: 'signal', signal, at });

describe('formatTime', () => {
  it('is HH:MM:SS in local time, zero-padded', () => {
    expect(formatTime(new Date(2024, 0, 2, 3, 4, 5).getTime())).toBe('03:04:05');
    expect(formatTime(new Date(2024, 0, 2, 23, 59, 59, 999).getTime())).toBe('23:59:59');
    expect(formatTime(new Date(2024, 0, 2, 0, 0, 0).getTime())).toBe('00:00:00');
    expect(formatTime(NOON)).toBe('12:00:01');
  });
});

describe('nameWidth', () => {
  it('is at least 6, the width of system', () => {
    expect(SYSTEM).toBe('system');
    expect(nameWidth([])).toBe(6);
    expect(nameWidth(['web.1', 'a.1'])).toBe(6);
  });

  it('is the longest name', () => {
    expect(nameWidth(['web.1', 'worker.10', 'clock.1'])).toBe(9);
  });
});

describe('typeOf', () => {
  it.each([
    ['web.1', 'web'],
    ['worker.12', 'worker'],
    ['system', 'system'],
    ['a.b.3', 'a.b'],
  ])('%s -> %s', (name, type) => {
    expect(typeOf(name)).toBe(type);
  });
});

describe('formatPrefix', () => {
  it('pads the name and adds the bar', () => {
    expect(formatPrefix('web.1', { width: 6 })).toBe('web.1  | ');
    expect(formatPrefix('system', { width: 9 })).toBe('system    | ');
  });

  it('puts the time first', () => {
    expect(formatPrefix('web.1', { width: 6, time: '12:00:01' })).toBe('12:00:01 web.1  | ');
  });

  it('marks continuations with +', () => {
    expect(formatPrefix('web.1', { width: 6, mark: '+' })).toBe('web.1  + ');
  });

  it('colours the whole prefix by type', () => {
    const calls: string[][] = [];
    const colour: Colourer = (type, text) => {
      calls.push([type, text]);
      return `<${type}>${text}</>`;
    };
    expect(formatPrefix('worker.2', { width: 8, time: '01:02:03', colour })).toBe('<worker>01:02:03 worker.2 | </>');
    expect(calls).toEqual([['worker', '01:02:03 worker.2 | ']]);
  });
});

describe('prefixLines', () => {
  it('prefixes one line', () => {
    expect(prefixLines(b('hello\n'), b('P| ')).toString()).toBe('P| hello\n');
  });

  it('prefixes every line, empty ones too', () => {
    expect(prefixLines(b('a\n\nccc\n'), b('P| ')).toString()).toBe('P| a\nP| \nP| ccc\n');
  });

  it('uses a different prefix for the first line', () => {
    expect(prefixLines(b('a\nb\nc\n'), b('P| '), b('P+ ')).toString()).toBe('P+ a\nP| b\nP| c\n');
    expect(prefixLines(b('a\nb\n'), b('long prefix | '), b('+ ')).toString()).toBe('+ a\nlong prefix | b\n');
  });

  it('copies bytes exactly: invalid UTF-8, \\r, NUL, escapes', () => {
    const data = Buffer.from([0xff, 0x00, 0x0d, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a, 0xc3, 0x28, 0x0a]);
    const prefix = b('web.1 | ');
    expect(prefixLines(data, prefix)).toEqual(Buffer.concat([prefix, data.subarray(0, 9), prefix, data.subarray(9)]));
  });

  it('output length is exact (no uninitialised bytes)', () => {
    const out = prefixLines(b('x\ny\n'), b('ab'), b('c'));
    expect(out.length).toBe(4 + 1 + 2);
    expect(out.toString()).toBe('cx\naby\n');
  });
});

describe('describeExit', () => {
  it.each([
    [{ code: 0, signal: null }, 'exited with code 0'],
    [{ code: 2, signal: null }, 'exited with code 2'],
    [{ code: null, signal: 'SIGTERM' as const }, 'terminated by SIGTERM'],
    [{ code: null, signal: null }, 'exited with code 0'],
    [{ code: 127, signal: null, error: 'ENOENT: spawn /bin/sh ENOENT' }, 'failed to start: ENOENT: spawn /bin/sh ENOENT'],
  ])('%j -> %s', (status, text) => {
    expect(describeExit(status)).toBe(text);
  });
});

describe('Printer', () => {
  const names = ['web.1', 'worker.1'];
  const make = (options: Partial<ConstructorParameters<typeof Printer>[1]> = {}) => {
    const sink = new FakeSink();
    const printer = new Printer(sink, { names, ...options });
    return { sink, printer };
  };

  it('start, output, exit and system lines, padded to the longest name', () => {
    const { sink, printer } = make();
    printer.write(started('web.1', 4242));
    printer.write(started('worker.1', undefined));
    printer.write(output('web.1', 'listening on 5000\n'));
    printer.write(output('worker.1', 'job 1\njob 2\n'));
    printer.write(term());
    printer.write(exited('web.1', { code: 2, signal: null }));
    printer.write(exited('worker.1', { code: null, signal: 'SIGTERM' }));
    expect(sink.text).toBe(
      [
        '12:00:01 web.1    | started with pid 4242',
        '12:00:01 worker.1 | started with pid ?',
        '12:00:01 web.1    | listening on 5000',
        '12:00:01 worker.1 | job 1',
        '12:00:01 worker.1 | job 2',
        '12:00:01 system   | sending SIGTERM to all processes',
        '12:00:01 web.1    | exited with code 2',
        '12:00:01 worker.1 | terminated by SIGTERM',
        '',
      ].join('\n'),
    );
  });

  it('one write per event, a whole batch in one write', () => {
    const { sink, printer } = make();
    printer.write(output('web.1', 'a\nb\nc\n'));
    printer.write(term());
    expect(sink.chunks).toHaveLength(2);
  });

  it('failed to start', () => {
    const { sink, printer } = make({ timestamps: false });
    printer.write(exited('web.1', { code: 127, signal: null, error: 'ENOENT: not found' }));
    expect(sink.text).toBe('web.1    | failed to start: ENOENT: not found\n');
  });

  it('system pads to 6 when every name is shorter', () => {
    const sink = new FakeSink();
    const printer = new Printer(sink, { names: ['a.1'], timestamps: false });
    printer.write(output('a.1', 'x\n'));
    printer.write(begin('SIGINT'));
    expect(sink.text).toBe('a.1    | x\nsystem | SIGINT received, starting shutdown\n');
  });

  it('marks the first line of a continuation batch with +', () => {
    const { sink, printer } = make({ timestamps: false });
    printer.write(output('web.1', 'aaaa\n'));
    printer.write(output('web.1', 'bb\nnext\n', true));
    expect(sink.text).toBe('web.1    | aaaa\nweb.1    + bb\nweb.1    | next\n');
  });

  it('timestamps off', () => {
    const { sink, printer } = make({ timestamps: false });
    printer.write(started('web.1', 1));
    expect(sink.text).toBe('web.1    | started with pid 1\n');
  });

  it("stamps each line with its event's time, from one second to the next", () => {
    let now = NOON;
    const { sink, printer } = make();
    printer.write(output('web.1', 'a\n', false, now));
    now += 999 - 250; // still 12:00:01
    printer.write(output('web.1', 'b\n', false, now));
    now += 1;
    printer.write(output('web.1', 'c\n', false, now));
    now += 3600 * 1000;
    printer.write(term(now));
    expect(sink.text).toBe(
      '12:00:01 web.1    | a\n12:00:01 web.1    | b\n12:00:02 web.1    | c\n13:00:02 system   | sending SIGTERM to all processes\n',
    );
  });

  it('the time is when the line arrived, not when it is printed', () => {
    const { sink, printer } = make();
    printer.write(output('web.1', 'late\n', false, NOON - 3000));
    expect(sink.text).toBe('11:59:58 web.1    | late\n');
  });

  it('--watch: the watcher ready or failed, a restart and why, a process waiting for a change', () => {
    const { sink, printer } = make({ timestamps: false });
    printer.write({
      kind: 'watch',
      phase: 'ready',
      types: [
        { type: 'web', paths: ['src', 'lib/**/*.js'] },
        { type: 'worker', paths: ['jobs'] },
      ],
      at: NOON,
    });
    printer.write({ kind: 'restart', name: 'web.1', reason: { kind: 'change', paths: ['src/app.js'], count: 1 }, at: NOON });
    printer.write({ kind: 'restart', name: 'web.1', reason: { kind: 'change', paths: ['src/a.js', 'src/b.js'], count: 42 }, at: NOON });
    printer.write({
      kind: 'state',
      name: 'web.1',
      from: 'running',
      to: 'exited',
      pid: 1,
      status: { code: 1, signal: null },
      held: true,
      at: NOON,
    });
    printer.write({ kind: 'watch', phase: 'error', code: 'ENOSPC', at: NOON });
    expect(sink.text).toBe(
      [
        'system   | watching src, lib/**/*.js (web); jobs (worker)',
        'web.1    | src/app.js changed, restarting',
        'web.1    | src/a.js and 41 more changed, restarting',
        'web.1    | exited with code 1, waiting for a change to restart',
        'system   | file watching error (ENOSPC): some changes may be missed',
        '',
      ].join('\n'),
    );
  });

  it('shows nothing for events the console does not word (a stopping state, a shutdown caused by an exit)', () => {
    const { sink, printer } = make();
    expect(printer.write({ kind: 'state', name: 'web.1', from: 'running', to: 'stopping', pid: 1, at: NOON })).toBe(true);
    expect(printer.write({ kind: 'shutdown', phase: 'begin', cause: 'exit', name: 'web.1', at: NOON })).toBe(true);
    expect(sink.chunks).toEqual([]);
  });

  it('colours the prefix only, by type; the child output is left alone', () => {
    const colour: Colourer = (type, text) => `[${type}]${text}[/]`;
    const { sink, printer } = make({ timestamps: false, colour });
    printer.write(output('worker.1', '\x1b[31mred\x1b[0m\n'));
    printer.write(output('worker.1', 'more\n', true));
    printer.write(term());
    expect(sink.text).toBe(
      '[worker]worker.1 | [/]\x1b[31mred\x1b[0m\n[worker]worker.1 + [/]more\n[system]system   | [/]sending SIGTERM to all processes\n',
    );
  });

  it('copies child bytes exactly', () => {
    const { sink, printer } = make({ timestamps: false });
    const data = Buffer.from([0xff, 0xfe, 0x0d, 0x00, 0x0a]);
    printer.write(output('web.1', data));
    expect(Buffer.concat(sink.chunks)).toEqual(Buffer.concat([b('web.1    | '), data]));
  });

  it('--mark-stderr: stderr lines carry ! instead of |; a continuation keeps +; stdout unchanged', () => {
    const { sink, printer } = make({ timestamps: false, markStderr: true });
    printer.write(output('web.1', 'out\n'));
    printer.write({ ...output('web.1', 'err 1\nerr 2\n'), stream: 'stderr' } as RuntimeEvent);
    printer.write({ ...output('web.1', 'rest\nnext\n', true), stream: 'stderr' } as RuntimeEvent);
    printer.write(exited('web.1', { code: 1, signal: null }));
    expect(sink.text).toBe(
      [
        'web.1    | out',
        'web.1    ! err 1',
        'web.1    ! err 2',
        'web.1    + rest',
        'web.1    ! next',
        'web.1    | exited with code 1',
        '',
      ].join('\n'),
    );
  });

  it('stderr lines look like stdout ones without --mark-stderr', () => {
    const { sink, printer } = make({ timestamps: false });
    printer.write({ ...output('web.1', 'err\n'), stream: 'stderr' } as RuntimeEvent);
    expect(sink.text).toBe('web.1    | err\n');
  });

  it('--mark-stderr colours the ! prefix like the | one', () => {
    const colour: Colourer = (type, text) => `[${type}]${text}[/]`;
    const { sink, printer } = make({ colour, markStderr: true });
    printer.write({ ...output('worker.1', 'e\n'), stream: 'stderr' } as RuntimeEvent);
    expect(sink.text).toBe('[worker]12:00:01 worker.1 ! [/]e\n');
  });

  it('returns what the sink returns (backpressure)', () => {
    const { sink, printer } = make();
    expect(printer.write(term())).toBe(true);
    sink.result = false;
    expect(printer.write(begin('SIGINT'))).toBe(false);
    expect(printer.write(output('web.1', 'c\n'))).toBe(false);
    expect(printer.write(started('web.1', 1))).toBe(false);
    expect(printer.write(exited('web.1', { code: 0, signal: null }))).toBe(false);
  });
});
