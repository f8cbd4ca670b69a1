import { isUtf8 } from 'node:buffer';
import type { LineEvent, RuntimeEvent, StateEvent } from '../runtime/events.js';
import { copySurrounded, scanLines, surroundedSize } from './prefix-copy.js';
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
    case 'waiting':
      return record({ v: NDJSON_VERSION, time, type: 'waiting', name: event.name, for: event.for });
    case 'port-in-use': {
      const { name, port, holder, suggestion } = event;
      return record({ v: NDJSON_VERSION, time, type: 'port-in-use', name, port, holder, suggestion });
    }
    case 'restart':
      return record({ v: NDJSON_VERSION, time, type: 'restart', name: event.name, reason: event.reason });
    case 'watch': {
      const { kind: _kind, at: _at, ...rest } = event;
      return record({ v: NDJSON_VERSION, time, type: 'watch', ...rest });
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
 * record and the start of the next, without decoding. Otherwise each
 * line goes through JSON.stringify, or base64 when it is not valid UTF-8.
 */
function lineRecords(event: LineEvent, time: string): Buffer {
  const { name, stream, bytes, continuation } = event;
  const shared = { v: NDJSON_VERSION, time, type: 'line', name, stream };
  const open = JSON.stringify(shared).slice(0, -1);
  const first = continuation ? JSON.stringify({ ...shared, continuation: true }).slice(0, -1) : open;
  if (!needsEscaping(bytes) && isUtf8(bytes)) return plainRecords(bytes, `${first},"text":"`, `${open},"text":"`);
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

const TAIL = Buffer.from('"}\n');

/**
 * The batch's records when no byte needs escaping: `head` (or `first`),
 * the line's raw bytes (a JSON string as JSON.stringify gives it), `"}\n`.
 * The heads are ASCII (ISO times, names of letters, digits, `_`, `-`, `.`).
 */
function plainRecords(bytes: Buffer, first: string, head: string): Buffer {
  const firstBytes = Buffer.from(first, 'latin1');
  const headBytes = first === head ? firstBytes : Buffer.from(head, 'latin1');
  const lines = scanLines(bytes);
  const out = Buffer.allocUnsafe(surroundedSize(bytes, lines, firstBytes, headBytes, TAIL));
  copySurrounded(bytes, lines, firstBytes, headBytes, TAIL, out, 0);
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
