import type { LineEvent } from '../runtime/events.js';
import { prefixLines } from './printer.js';

/**
 * A log file's lines (--log-dir): `<time> <mark> <text>`, the time in ISO 8601
 * UTC with milliseconds, so files sort and compare across days and zones.
 * The mark is `|` for stdout, `!` for stderr, `+` for the continuation of a
 * line cut at 1 MiB, and `#` for procman's own lines about the process. The
 * text is the process's bytes as written.
 */
export type LogMark = '|' | '!' | '+' | '#';

/** `2026-12-02T14:00:01.123Z | ` */
export function logPrefix(at: number, mark: LogMark): string {
  return `${new Date(at).toISOString()} ${mark} `;
}

/** A line event's lines, each with the time it arrived and its stream's mark. */
export function formatLogLines(event: LineEvent): Buffer {
  const prefix = Buffer.from(logPrefix(event.at, event.stream === 'stderr' ? '!' : '|'));
  return prefixLines(event.bytes, prefix, event.continuation ? Buffer.from(logPrefix(event.at, '+')) : prefix);
}

/** One of procman's lines in a log file: `2026-12-02T14:00:01.123Z # started with pid 4156`. */
export function formatLogNote(text: string, at: number): Buffer {
  return Buffer.from(`${logPrefix(at, '#')}${text}\n`);
}

/** The line written where a log file lost lines because it could not keep up. */
export function droppedNote(count: number): string {
  return `procman dropped ${count} ${count === 1 ? 'line' : 'lines'} here: the log file did not keep up`;
}
