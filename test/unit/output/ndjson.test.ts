import { describe, expect, it } from 'vitest';
import { formatRecords, NdjsonPrinter } from '../../../src/output/ndjson.js';
import type { ExitStatus, ProcessState, RuntimeEvent, ShutdownStep, StreamName } from '../../../src/runtime/events.js';
import { Runtime } from '../../../src/runtime/runtime.js';
import { fakeControl, fakeOutput, fakeSignals, fakeSpawn } from '../runtime/fakes.js';

const AT = Date.UTC(2026, 11, 2, 14, 0, 1, 123);
const TIME = '2026-12-02T14:00:01.123Z';
const ports = { 'web.1': 5000, 'worker.1': 5100 };

const line = (bytes: string | Buffer, { stream = 'stdout' as StreamName, continuation = false, name = 'web.1' } = {}): RuntimeEvent => ({
  kind: 'line',
  name,
  stream,
  bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
  continuation,
  at: AT,
});
const state = (from: ProcessState, to: ProcessState, pid: number | undefined, status?: ExitStatus): RuntimeEvent => ({
  kind: 'state',
  name: 'web.1',
  from,
  to,
  pid,
  ...(status && { status }),
  at: AT,
});
const shutdown = (step: ShutdownStep): RuntimeEvent => ({ kind: 'shutdown', at: AT, ...step });

/** The records of an event, each parsed; the text must be whole lines of JSON. */
function records(event: RuntimeEvent): unknown[] {
  const text = formatRecords(event, { ports }).toString();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((record) => JSON.parse(record));
}

describe('formatRecords: lines', () => {
  it('one record a line, the text without its newline, the time in ISO 8601 UTC with milliseconds', () => {
    expect(formatRecords(line('hello\n'), { ports }).toString()).toBe(
      `{"v":1,"time":"${TIME}","type":"line","name":"web.1","stream":"stdout","text":"hello"}\n`,
    );
    expect(records(line('a\n\nc\n', { stream: 'stderr' }))).toEqual([
      { v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stderr', text: 'a' },
      { v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stderr', text: '' },
      { v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stderr', text: 'c' },
    ]);
  });

  it('keeps every character: quotes, backslashes, \\r, escapes, NUL, tabs, non-ASCII, U+2028', () => {
    const text = 'say "hi" \\ \r\x1b[31mred\x1b[0m \0\t é 日本 \u2028 😀';
    const formatted = formatRecords(line(`${text}\n`)).toString();
    expect(formatted.split('\n')).toHaveLength(2); // nothing inside a record breaks the line
    expect(records(line(`${text}\n`))).toEqual([expect.objectContaining({ text })]);
  });

  it('every record is byte for byte what JSON.stringify makes of it: each ASCII character, multi-byte ones, batches', () => {
    const expected = (texts: string[], continuation = false) =>
      texts
        .map((text, i) => {
          const fields = { v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stdout' };
          return `${JSON.stringify({ ...fields, ...(continuation && i === 0 && { continuation: true }), text })}\n`;
        })
        .join('');
    const samples = [
      ...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== '\n'),
      'plain',
      '',
      'é 日本 😀 \u2028\u2029 \u007f \u0080',
      'a "quoted" \\ path',
    ];
    for (const text of samples) {
      expect(formatRecords(line(`${text}\n`)).toString(), JSON.stringify(text)).toBe(expected([text]));
      expect(formatRecords(line(`x${text}y\nnext\n`, { continuation: true })).toString()).toBe(expected([`x${text}y`, 'next'], true));
    }
    const batch = ['one', '', 'two é', 'three'];
    expect(formatRecords(line(`${batch.join('\n')}\n`)).toString()).toBe(expected(batch));
    // big batches are done in pieces of 16 KiB, cut at newlines: lines of every length, a line longer than a piece
    const big = Array.from({ length: 3000 }, (_, i) => `${i} ${'é日x'.repeat(i % 37)}`);
    big.splice(1500, 0, 'y'.repeat(40_000), '');
    expect(formatRecords(line(`${big.join('\n')}\n`)).toString()).toBe(expected(big));
    expect(formatRecords(line(`${'z'.repeat(70_000)}\n`)).toString()).toBe(expected(['z'.repeat(70_000)]));
  });

  it('a line that is not valid UTF-8 has base64 of its bytes instead of text; its neighbours keep text', () => {
    const bad = Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28]);
    const bytes = Buffer.concat([Buffer.from('before\n'), bad, Buffer.from('\nafter\n')]);
    const [before, invalid, after] = records(line(bytes)) as Array<Record<string, unknown>>;
    expect(before).toEqual(expect.objectContaining({ text: 'before' }));
    expect(invalid).toEqual({ v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stdout', base64: bad.toString('base64') });
    expect(Buffer.from(invalid?.base64 as string, 'base64')).toEqual(bad);
    expect(after).toEqual(expect.objectContaining({ text: 'after' }));
  });

  it('a UTF-8 character cut at the line cap is invalid on both sides: both pieces in base64', () => {
    const euro = Buffer.from('€'); // 3 bytes
    const [head] = records(line(Buffer.concat([Buffer.from('x'), euro.subarray(0, 1), Buffer.from('\n')]))) as Array<
      Record<string, unknown>
    >;
    expect(head?.base64).toBe(Buffer.from([0x78, 0xe2]).toString('base64'));
  });

  it('marks only the first line of a continuation batch', () => {
    expect(records(line('rest of a long line\nnext\n', { continuation: true }))).toEqual([
      { v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stdout', continuation: true, text: 'rest of a long line' },
      { v: 1, time: TIME, type: 'line', name: 'web.1', stream: 'stdout', text: 'next' },
    ]);
    const [first] = records(line(Buffer.from([0xff, 0x0a]), { continuation: true }));
    expect(first).toEqual(expect.objectContaining({ continuation: true, base64: '/w==' }));
  });
});

describe('formatRecords: states', () => {
  const base = { v: 1, time: TIME, type: 'state', name: 'web.1', port: 5000 };

  it('starting, running (the pid), stopping, restarting', () => {
    expect(records(state('exited', 'starting', undefined))).toEqual([{ ...base, state: 'starting', from: 'exited', pid: null }]);
    expect(records(state('starting', 'running', 4156))).toEqual([{ ...base, state: 'running', from: 'starting', pid: 4156 }]);
    expect(records(state('running', 'stopping', 4156))).toEqual([{ ...base, state: 'stopping', from: 'running', pid: 4156 }]);
    expect(records(state('running', 'restarting', 4156))).toEqual([{ ...base, state: 'restarting', from: 'running', pid: 4156 }]);
  });

  it('exited: the code, or the signal, or why it could not start', () => {
    expect(records(state('stopping', 'exited', 7, { code: 2, signal: null }))).toEqual([
      { ...base, state: 'exited', from: 'stopping', pid: 7, code: 2, signal: null },
    ]);
    expect(records(state('stopping', 'exited', 7, { code: null, signal: 'SIGTERM' }))).toEqual([
      { ...base, state: 'exited', from: 'stopping', pid: 7, code: null, signal: 'SIGTERM' },
    ]);
    expect(records(state('starting', 'exited', undefined, { code: 1, signal: null, error: 'could not start (EMFILE)' }))).toEqual([
      { ...base, state: 'exited', from: 'starting', pid: null, code: 1, signal: null, error: 'could not start (EMFILE)' },
    ]);
  });

  it('port is null for a process it was not told about', () => {
    const [record] = records({ ...state('starting', 'running', 1), name: 'other.1' } as RuntimeEvent);
    expect(record).toEqual(expect.objectContaining({ name: 'other.1', port: null }));
  });
});

describe('formatRecords: a restart, from the runtime (not reachable from the CLI yet)', () => {
  it('running, restarting, exited by SIGTERM, starting, running with the new pid; the port stays', async () => {
    const sp = fakeSpawn({ firstPid: 201 });
    const out = fakeOutput();
    const runtime = new Runtime([{ name: 'web.1', type: 'web', instance: 1, command: 'run web', port: 5000, env: {} }], {
      spawn: sp.spawn,
      control: fakeControl().control,
      signals: fakeSignals().signals,
      output: out.output,
      cwd: '/app',
      timeoutMs: 5000,
      now: () => AT,
    });
    const done = runtime.run();
    sp.children[0]?.write('stdout', 'first run\n');
    runtime.restart('web.1');
    sp.children[0]?.finish({ code: null, signal: 'SIGTERM' });
    for (let i = 0; i < 10; i++) await Promise.resolve();
    sp.children[1]?.write('stderr', 'second run\n');
    const shown = out.events.flatMap(records).map((r) => {
      const { v, time, type, name, ...rest } = r as Record<string, unknown>;
      expect({ v, time, name }).toEqual({ v: 1, time: TIME, name: 'web.1' });
      return { type, ...rest };
    });
    expect(shown).toEqual([
      { type: 'state', state: 'running', from: 'starting', pid: 201, port: 5000 },
      { type: 'line', stream: 'stdout', text: 'first run' },
      { type: 'state', state: 'restarting', from: 'running', pid: 201, port: 5000 },
      { type: 'state', state: 'exited', from: 'restarting', pid: 201, port: 5000, code: null, signal: 'SIGTERM' },
      { type: 'state', state: 'starting', from: 'exited', pid: null, port: 5000 }, // no pid until it is spawned
      { type: 'state', state: 'running', from: 'starting', pid: 202, port: 5000 },
      { type: 'line', stream: 'stderr', text: 'second run' },
    ]);
    runtime.stop();
    sp.children[1]?.finish({ code: 0, signal: null });
    await expect(done).resolves.toBe(0);
  });
});

describe('formatRecords: shutdown steps and log files', () => {
  const base = { v: 1, time: TIME, type: 'shutdown' };

  it.each<[ShutdownStep, Record<string, unknown>]>([
    [
      { phase: 'begin', cause: 'signal', signal: 'SIGINT' },
      { phase: 'begin', cause: 'signal', signal: 'SIGINT' },
    ],
    [
      { phase: 'begin', cause: 'exit', name: 'web.1' },
      { phase: 'begin', cause: 'exit', name: 'web.1' },
    ],
    [
      { phase: 'begin', cause: 'output-closed' },
      { phase: 'begin', cause: 'output-closed' },
    ],
    [
      { phase: 'term', names: ['web.1', 'worker.1'], signal: 'SIGTERM', all: true },
      { phase: 'term', names: ['web.1', 'worker.1'], signal: 'SIGTERM', all: true },
    ],
    [
      { phase: 'kill-now', signal: 'SIGTERM' },
      { phase: 'kill-now', signal: 'SIGTERM' },
    ],
    [
      { phase: 'kill', names: ['web.1'] },
      { phase: 'kill', names: ['web.1'] },
    ],
    [
      { phase: 'escaped', signal: 'SIGKILL', count: 2 },
      { phase: 'escaped', signal: 'SIGKILL', count: 2 },
    ],
    [
      { phase: 'abandon', name: 'web.1' },
      { phase: 'abandon', name: 'web.1' },
    ],
  ])('%j', (step, fields) => {
    expect(records(shutdown(step))).toEqual([{ ...base, ...fields }]);
  });

  it('a log file that failed', () => {
    const event: RuntimeEvent = { kind: 'log-file', name: 'web.1', path: 'logs/web.1.log', code: 'ENOSPC', at: AT };
    expect(records(event)).toEqual([{ v: 1, time: TIME, type: 'log-file', name: 'web.1', path: 'logs/web.1.log', code: 'ENOSPC' }]);
  });
});

describe('NdjsonPrinter', () => {
  it('one write per event, passing the sink backpressure on', () => {
    const chunks: string[] = [];
    let result = true;
    const sink = {
      write: (chunk: Buffer) => {
        chunks.push(chunk.toString());
        return result;
      },
    };
    const printer = new NdjsonPrinter(sink, { ports });
    expect(printer.write(line('a\nb\n'))).toBe(true);
    result = false;
    expect(printer.write(state('starting', 'running', 3))).toBe(false);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.split('\n')).toHaveLength(3);
    expect(JSON.parse(chunks[1] ?? '')).toEqual(expect.objectContaining({ state: 'running', pid: 3, port: 5000 }));
  });
});

describe('NdjsonPrinter on a sink that lends its buffer (the console)', () => {
  it('copies records straight into the batch after what it holds, byte for byte what formatRecords gives', () => {
    const held: Buffer[] = [];
    let buffer = Buffer.alloc(8);
    let length = 0;
    const sink = {
      get length() {
        return length;
      },
      room(bytes: number) {
        if (length + bytes > buffer.length) buffer = Buffer.concat([buffer.subarray(0, length), Buffer.alloc(length + bytes)]);
        return buffer;
      },
      commit(bytes: number) {
        length += bytes;
        return length < 1000;
      },
      write(chunk: Buffer) {
        held.push(chunk);
        this.room(chunk.length).set(chunk, length);
        return this.commit(chunk.length);
      },
    };
    const events = [
      line('first\nsecond\n'),
      line('cut line\nnext\n', { continuation: true, stream: 'stderr' }),
      line('needs "escaping"\tand\n'),
      line(Buffer.from([0x61, 0xff, 0x0a])),
      state('starting', 'running', 3),
    ];
    const written = events.map((event) => new NdjsonPrinter(sink, { ports }).write(event));
    expect(written).toEqual([true, true, true, true, true]);
    const expected = Buffer.concat(events.map((event) => formatRecords(event, { ports })));
    expect(buffer.subarray(0, length).toString()).toBe(expected.toString());
    // only the records that needed more than a copy went through write()
    expect(held).toHaveLength(3);
  });
});

describe('formatRecords: a batch of lines, whatever its bytes and where it starts in memory', () => {
  it('every line comes back exactly, as text or base64, for batches with escapes anywhere and at any offset', () => {
    // deterministic pseudo-random batches: mostly printable ASCII, some quotes, backslashes, tabs, controls and é
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const specials = ['"', '\\', '\t', '\r', '\u0001', 'é', '\u001f'];
    for (let round = 0; round < 300; round++) {
      const lines = Array.from({ length: 1 + (next() % 12) }, () =>
        Array.from({ length: next() % 40 }, () =>
          next() % 25 === 0 ? specials[next() % specials.length] : String.fromCharCode(0x20 + (next() % 90)),
        )
          .join('')
          .replaceAll('\\"', '"'),
      );
      const text = `${lines.join('\n')}\n`;
      const offset = next() % 4; // the batch's bytes at any alignment inside a larger buffer
      const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(text)]).subarray(offset);
      const got = records(line(bytes)).map((r) => (r as { text?: string }).text);
      expect(got).toEqual(lines);
    }
  });
});
