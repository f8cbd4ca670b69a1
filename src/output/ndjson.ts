import { isUtf8 } from 'node:buffer';
import type { LineEvent, RuntimeEvent, StateEvent } from '../runtime/events.js';
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
export function formatRecords(event: RuntimeEvent, { ports = {} }: NdjsonOptions = {}): string {
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

function record(fields: object): string {
  return `${JSON.stringify(fields)}\n`;
}

function stateRecord(event: StateEvent, time: string, port: number | undefined): object {
  const { name, to, from, pid, status } = event;
  const head = { v: NDJSON_VERSION, time, type: 'state', name, state: to, from, pid: pid ?? null, port: port ?? null };
  if (!status) return head;
  return { ...head, code: status.code, signal: status.signal, ...(status.error !== undefined && { error: status.error }) };
}

/**
 * The records of a batch of lines. The fields every record shares are
 * serialised once, without their closing brace; each line adds its
 * `"text":...}` (or `"base64":...}`). Valid UTF-8 as a whole (the common case)
 * is decoded once and split; otherwise each line is checked on its own.
 */
function lineRecords(event: LineEvent, time: string): string {
  const { name, stream, bytes, continuation } = event;
  const shared = { v: NDJSON_VERSION, time, type: 'line', name, stream };
  const open = JSON.stringify(shared).slice(0, -1);
  const first = continuation ? JSON.stringify({ ...shared, continuation: true }).slice(0, -1) : open;
  let out = '';
  if (isUtf8(bytes)) {
    const lines = bytes.toString('utf8').split('\n');
    for (let i = 0; i < lines.length - 1; i++) out += `${i === 0 ? first : open},"text":${JSON.stringify(lines[i])}}\n`;
    return out;
  }
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    const line = bytes.subarray(start, end);
    const head = start === 0 ? first : open;
    out += isUtf8(line)
      ? `${head},"text":${JSON.stringify(line.toString('utf8'))}}\n`
      : `${head},"base64":${JSON.stringify(line.toString('base64'))}}\n`;
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
    return this.out.write(Buffer.from(formatRecords(event, this.options)));
  }
}
