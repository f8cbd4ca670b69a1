import type { RuntimeEvent } from '../runtime/events.js';
import { copyPrefixed, prefixedSize, scanLines } from './prefix-copy.js';
import { type BufferSink, type ByteSink, type Colourer, lendsBuffer } from './types.js';
import { describeEvent, SYSTEM } from './wording.js';

export type { ByteSink, Colourer } from './types.js';
export { SYSTEM } from './wording.js';

export interface PrinterOptions {
  /** every name that will print, to pad prefixes to the longest */
  names: string[];
  colour?: Colourer;
  timestamps?: boolean;
  /** stderr lines carry `!` instead of `|` (--mark-stderr) */
  markStderr?: boolean;
}

/** `HH:MM:SS` in local time. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Width of the name column: the longest name, `system` included (Foreman's minimum of 6). */
export function nameWidth(names: string[]): number {
  return Math.max(SYSTEM.length, ...names.map((n) => n.length));
}

/** `12:00:01 web.1  | ` (`+` for the continuation of a cut line, `!` for stderr when marked), coloured as a whole. */
export function formatPrefix(
  name: string,
  { width, time, colour, mark = '|' }: { width: number; time?: string; colour?: Colourer; mark?: string },
): string {
  const text = `${time === undefined ? '' : `${time} `}${name.padEnd(width)} ${mark} `;
  return colour ? colour(typeOf(name), text) : text;
}

/** `web.1` -> `web`; `system` -> `system`. */
export function typeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}

/**
 * Puts `prefix` before every line of `data` (whole lines, each ending in
 * `\n`), `first` before the first one. Bytes are copied, never decoded.
 */
export function prefixLines(data: Buffer, prefix: Buffer, first: Buffer = prefix): Buffer {
  const lines = scanLines(data);
  const out = Buffer.allocUnsafe(prefixedSize(data, lines, prefix, first));
  copyPrefixed(data, lines, prefix, first, out, 0);
  return out;
}

/** prefixLines straight into a sink's own buffer: nothing allocated. */
function writePrefixed(out: BufferSink, data: Buffer, prefix: Buffer, first: Buffer): boolean {
  const lines = scanLines(data);
  const size = prefixedSize(data, lines, prefix, first);
  copyPrefixed(data, lines, prefix, first, out.room(size), out.length);
  return out.commit(size);
}

interface Prefixes {
  second: number;
  line: Buffer;
  cont: Buffer;
  /** for stderr lines: `!` with --mark-stderr, else the same as `line` */
  err: Buffer;
}

/** Turns events into prefixed, padded, coloured lines on a byte sink. */
export class Printer {
  private readonly width: number;
  private readonly cache = new Map<string, Prefixes>();

  constructor(
    private readonly out: ByteSink,
    private readonly options: PrinterOptions,
  ) {
    this.width = nameWidth(options.names);
  }

  /** Writes the event's line(s), stamped with the time it happened; true when nothing is shown. */
  write(event: RuntimeEvent): boolean {
    if (event.kind === 'line') {
      const prefixes = this.prefixes(event.name, event.at);
      const prefix = event.stream === 'stderr' ? prefixes.err : prefixes.line;
      const first = event.continuation ? prefixes.cont : prefix;
      return lendsBuffer(this.out)
        ? writePrefixed(this.out, event.bytes, prefix, first)
        : this.out.write(prefixLines(event.bytes, prefix, first));
    }
    const shown = describeEvent(event);
    if (!shown) return true;
    const { line } = this.prefixes(shown.name, event.at);
    return this.out.write(Buffer.concat([line, Buffer.from(`${shown.text}\n`)]));
  }

  private prefixes(name: string, at: number): Prefixes {
    const { timestamps = true, colour, markStderr = false } = this.options;
    const ms = timestamps ? at : 0;
    const second = Math.floor(ms / 1000);
    const cached = this.cache.get(name);
    if (cached && cached.second === second) return cached;
    const time = timestamps ? formatTime(ms) : undefined;
    const line = Buffer.from(formatPrefix(name, { width: this.width, time, colour }));
    const entry = {
      second,
      line,
      cont: Buffer.from(formatPrefix(name, { width: this.width, time, colour, mark: '+' })),
      err: markStderr ? Buffer.from(formatPrefix(name, { width: this.width, time, colour, mark: '!' })) : line,
    };
    this.cache.set(name, entry);
    return entry;
  }
}
