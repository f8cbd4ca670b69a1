import { isUtf8 } from 'node:buffer';
import type { LineEvent, RuntimeEvent, StateEvent } from '../runtime/events.js';
import { countLines } from './printer.js';
import type { ByteSink } from './types.js';

/** The schema version every record carries as `v`; it changes only when a field changes meaning or goes away. */
export const NDJSON_VERSION = 1;

export interface NdjsonOptions {
  /** each process's port, for state records */
  ports?: Readonly<Record<string, number>>;
}

const NEWLINE = 0x0a;

/**
 * An event as NDJSON: one JSON object a line, each ending in `\n`. A line
 * event becomes one record per line; its text is the line without the `\n`,
 * decoded as UTF-8, or, when its bytes are not valid UTF-8, `base64` of the
 * raw bytes instead of `text`. The README documents the schema.
 */
export function formatRecords(event: RuntimeEvent, { ports = {} }: NdjsonOptions = {}): Buffer {
  const time = new Date(event.at).toISOString();
  switch (event.kind) {
    case 'line':
      return lineRecords(event, time);
    case 'state':
      return record(stateRecord(event, time, ports[event.name]));
    case 'shutdown': {
      const { kind: _kind, at: _at, ...step } = event;
      return record({ v: NDJSON_VERSION, time, type: 'shutdown', ...step });
    }
    case 'log-file':
      return record({ v: NDJSON_VERSION, time, type: 'log-file', name: event.name, path: event.path, code: event.code });
  }
}

function record(fields: object): Buffer {
  return Buffer.from(`${JSON.stringify(fields)}\n`);
}

function stateRecord(event: StateEvent, time: string, port: number | undefined): object {
  const { name, to, from, pid, status } = event;
  const head = { v: NDJSON_VERSION, time, type: 'state', name, state: to, from, pid: pid ?? null, port: port ?? null };
  if (!status) return head;
  return { ...head, code: status.code, signal: status.signal, ...(status.error !== undefined && { error: status.error }) };
}

/** Characters JSON.stringify escapes in a string (it leaves every other one as it is). */
const ESCAPED = /["\\\u0000-\u0009\u000b-\u001f]/;
const CLOSE = Buffer.from('"}\n');

/**
 * The records of a batch of lines. The fields every record shares are
 * serialised once, without their closing brace. When the batch is valid
 * UTF-8 and holds nothing JSON.stringify would escape (bytes of multi-byte
 * characters are all 0x80 or more, so the test can look at bytes), a line's
 * JSON string is its bytes between quotes, exactly what JSON.stringify gives:
 * the records are copied together from bytes, as the text printer does.
 * Otherwise each line goes through JSON.stringify, or base64 when it is not
 * valid UTF-8 on its own.
 */
function lineRecords(event: LineEvent, time: string): Buffer {
  const { name, stream, bytes, continuation } = event;
  const shared = { v: NDJSON_VERSION, time, type: 'line', name, stream };
  const open = JSON.stringify(shared).slice(0, -1);
  const first = continuation ? JSON.stringify({ ...shared, continuation: true }).slice(0, -1) : open;
  if (!ESCAPED.test(bytes.toString('latin1')) && isUtf8(bytes)) {
    const each = Buffer.from(`${open},"text":"`);
    return wrapLines(bytes, first === open ? each : Buffer.from(`${first},"text":"`), each, CLOSE);
  }
  let out = '';
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    const line = bytes.subarray(start, end);
    const head = start === 0 ? first : open;
    out += isUtf8(line)
      ? `${head},"text":${JSON.stringify(line.toString('utf8'))}}\n`
      : `${head},"base64":${JSON.stringify(line.toString('base64'))}}\n`;
    start = end + 1;
  }
  return Buffer.from(out);
}

/** Every line of `data` (each ending in `\n`) between `before` (`first` for the first) and `after`, which ends the line. */
function wrapLines(data: Buffer, first: Buffer, before: Buffer, after: Buffer): Buffer {
  const lines = countLines(data);
  const out = Buffer.allocUnsafe(data.length - lines + first.length + before.length * (lines - 1) + after.length * lines);
  let at = 0;
  let start = 0;
  for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
    at += (start === 0 ? first : before).copy(out, at);
    at += data.copy(out, at, start, end);
    at += after.copy(out, at);
    start = end + 1;
  }
  return out;
}

/** The console in NDJSON (--format ndjson): every event as records on a byte sink, with its backpressure. */
export class NdjsonPrinter {
  constructor(
    private readonly out: ByteSink,
    private readonly options: NdjsonOptions = {},
  ) {}

  write(event: RuntimeEvent): boolean {
    return this.out.write(formatRecords(event, this.options));
  }
}
