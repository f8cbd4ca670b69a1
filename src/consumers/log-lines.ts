import { Printer } from '../output/printer.js';
import { describeEvent } from '../output/wording.js';
import type { RuntimeEvent } from '../runtime/events.js';

/** One printed line: whose it is (a process, or `system`) and its text as the screen shows it, without colour or newline. */
export interface LogLine {
  name: string;
  text: string;
}

/**
 * Events as the console prints them (same prefix, padding and timestamps,
 * no colour), cut into lines with the name each belongs to: what `logs`
 * shows, from the ring and to each follower.
 */
export class LogLines {
  private captured: Buffer | undefined;
  private readonly printer: Printer;

  constructor({ names, timestamps }: { names: string[]; timestamps: boolean }) {
    const sink = {
      write: (bytes: Buffer) => {
        this.captured = bytes;
        return true;
      },
    };
    this.printer = new Printer(sink, { names, timestamps });
  }

  of(event: RuntimeEvent): LogLine[] {
    const name = event.kind === 'line' ? event.name : describeEvent(event)?.name;
    if (name === undefined) return [];
    this.captured = undefined;
    this.printer.write(event);
    const bytes = this.captured as Buffer | undefined;
    if (!bytes) return [];
    const text = bytes.toString('utf8');
    return text
      .slice(0, text.endsWith('\n') ? -1 : undefined)
      .split('\n')
      .map((line) => ({ name, text: line }));
  }
}

/** Whether a line belongs to the processes asked for: none asked means all; `web` means every `web.N`. */
export function lineMatches(line: LogLine, names: readonly string[]): boolean {
  if (names.length === 0) return true;
  const dot = line.name.lastIndexOf('.');
  const type = dot === -1 ? line.name : line.name.slice(0, dot);
  return names.includes(line.name) || names.includes(type);
}
