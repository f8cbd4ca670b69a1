import { isUtf8 } from 'node:buffer';
import type { LineEvent, RuntimeEvent, StateEvent } from '../runtime/events.js';
import { copySurrounded, scanLines, surroundedSize } from './prefix-copy.js';
import { type ByteSink, lendsBuffer } from './types.js';

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
export function formatRecords(event: RuntimeEvent, options: NdjsonOptions = {}): Buffer {
  const collect = new Collect();
  writeRecords(event, collect, options);
  return Buffer.concat(collect.chunks);
}

/** `formatRecords` onto a sink; what the sink's `write` (or `commit`) returns. */
export function writeRecords(event: RuntimeEvent, out: ByteSink, { ports = {} }: NdjsonOptions = {}): boolean {
  const time = new Date(event.at).toISOString();
  if (event.kind === 'line') return writeLineRecords(event, time, out);
  return out.write(record(otherRecord(event, time, ports)));
}

function otherRecord(event: Exclude<RuntimeEvent, LineEvent>, time: string, ports: Readonly<Record<string, number>>): object {
  switch (event.kind) {
    case 'state':
      return stateRecord(event, time, ports[event.name]);
    case 'shutdown': {
      const { kind: _kind, at: _at, ...step } = event;
      return { v: NDJSON_VERSION, time, type: 'shutdown', ...step };
    }
    case 'log-file':
      return { v: NDJSON_VERSION, time, type: 'log-file', name: event.name, path: event.path, code: event.code };
    case 'waiting':
      return { v: NDJSON_VERSION, time, type: 'waiting', name: event.name, for: event.for };
    case 'port-in-use': {
      const { name, port, holder, suggestion } = event;
      return { v: NDJSON_VERSION, time, type: 'port-in-use', name, port, holder, suggestion };
    }
    case 'restart':
      return { v: NDJSON_VERSION, time, type: 'restart', name: event.name, reason: event.reason };
    case 'watch': {
      const { kind: _kind, at: _at, ...rest } = event;
      return { v: NDJSON_VERSION, time, type: 'watch', ...rest };
    }
  }
}

function record(fields: object): Buffer {
  return Buffer.from(`${JSON.stringify(fields)}\n`);
}

function stateRecord(event: StateEvent, time: string, port: number | undefined): object {
  const { name, to, from, pid, status, restart, ready } = event;
  const head = {
    v: NDJSON_VERSION,
    time,
    type: 'state',
    name,
    state: to,
    from,
    pid: pid ?? null,
    port: port ?? null,
    ...(restart && { restart }),
    ...(ready && { ready }),
    ...(event.held && { held: true }),
  };
  if (!status) return head;
  return { ...head, code: status.code, signal: status.signal, ...(status.error !== undefined && { error: status.error }) };
}

/** The bytes of a UTF-8 string whose characters JSON.stringify escapes: `"`, `\\`, and U+0000 to U+001F but `\n` (the line ends). */
const ESCAPED = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) if (c !== NEWLINE) ESCAPED[c] = 1;
ESCAPED[0x22] = 1;
ESCAPED[0x5c] = 1;

function escapedIn(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (ESCAPED[bytes[i] as number] === 1) return true;
  return false;
}

const ONES = 0x01010101;
const HIGHS = 0x80808080;

/**
 * Whether any line of the batch holds a character JSON.stringify would
 * escape (bytes of multi-byte UTF-8 are all 0x80 or more). Four bytes a
 * step: a word with a byte below 0x20, a `"` or a `\\` (newlines too) is
 * looked at byte by byte; the bit tests may flag a word too many, never one
 * too few.
 */
function needsEscaping(bytes: Buffer): boolean {
  const start = (4 - (bytes.byteOffset & 3)) & 3;
  const words = (bytes.length - start) >>> 2;
  if (words < 4) return escapedIn(bytes, 0, bytes.length);
  if (escapedIn(bytes, 0, start)) return true;
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset + start, words);
  for (let i = 0; i < words; i++) {
    const x = view[i] as number;
    const quote = x ^ 0x22222222;
    const slash = x ^ 0x5c5c5c5c;
    const flagged = ((x - 0x20202020) & ~x) | ((quote - ONES) & ~quote) | ((slash - ONES) & ~slash);
    if ((flagged & HIGHS) !== 0 && escapedIn(bytes, start + i * 4, start + i * 4 + 4)) return true;
  }
  return escapedIn(bytes, start + words * 4, bytes.length);
}

/**
 * The records of a batch of lines. The fields every record shares are
 * serialised once, without their closing brace. When the batch is valid
 * UTF-8 and holds nothing JSON.stringify would escape, a line's JSON string
 * is its bytes between quotes, exactly what JSON.stringify gives: the batch
 * becomes its records in one pass, every newline replaced by the end of a
 * record and the start of the next, without decoding, copied straight into
 * the sink's buffer when it lends one. Otherwise each line goes through
 * JSON.stringify, or base64 when it is not valid UTF-8.
 */
function writeLineRecords(event: LineEvent, time: string, out: ByteSink): boolean {
  const { name, stream, bytes, continuation } = event;
  const open = `{"v":${NDJSON_VERSION},"time":"${time}","type":"line","name":${JSON.stringify(name)},"stream":"${stream}"`;
  const first = continuation ? `${open},"continuation":true` : open;
  if (!needsEscaping(bytes) && isUtf8(bytes)) {
    const firstBytes = Buffer.from(`${first},"text":"`, 'latin1');
    const joint = Buffer.from(`"}\n${open},"text":"`, 'latin1');
    const lines = scanLines(bytes);
    const size = surroundedSize(bytes, lines, firstBytes, joint, TAIL);
    if (lendsBuffer(out)) {
      copySurrounded(bytes, lines, firstBytes, joint, TAIL, out.room(size), out.length);
      return out.commit(size);
    }
    const records = Buffer.allocUnsafe(size);
    copySurrounded(bytes, lines, firstBytes, joint, TAIL, records, 0);
    return out.write(records);
  }
  let text = '';
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    const line = bytes.subarray(start, end);
    const head = start === 0 ? first : open;
    text += isUtf8(line)
      ? `${head},"text":${JSON.stringify(line.toString('utf8'))}}\n`
      : `${head},"base64":${JSON.stringify(line.toString('base64'))}}\n`;
    start = end + 1;
  }
  return out.write(Buffer.from(text));
}

/** The bytes that end a record whose text needed no escaping (they replace the line's `\n`). */
const TAIL = Buffer.from('"}\n');

/** Collects what is written, for `formatRecords`. */
class Collect implements ByteSink {
  chunks: Buffer[] = [];
  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }
}

/** The console in NDJSON (--format ndjson): every event as records on a byte sink, with its backpressure. */
export class NdjsonPrinter {
  constructor(
    private readonly out: ByteSink,
    private readonly options: NdjsonOptions = {},
  ) {}

  write(event: RuntimeEvent): boolean {
    return writeRecords(event, this.out, this.options);
  }
}
