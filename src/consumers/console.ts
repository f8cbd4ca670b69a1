import { makeColourer, stdoutIsTTY } from '../output/colour.js';
import { NdjsonPrinter } from '../output/ndjson.js';
import { PlainPrinter } from '../output/plain.js';
import { Printer } from '../output/printer.js';
import { quietFilter } from '../output/quiet.js';
import { FdSink } from '../output/sink.js';
import type { RuntimeEvent } from '../runtime/events.js';
import type { EventConsumer } from '../runtime/seams.js';

export type ConsoleFormat = 'text' | 'ndjson';

export interface ConsoleOptions {
  /** every process name, to pad prefixes */
  names: string[];
  /** process types in Procfile order, for the palette */
  types: string[];
  /** each process's port, for NDJSON state records */
  ports: Record<string, number>;
  format: ConsoleFormat;
  color: boolean | undefined;
  timestamps: boolean;
  /** text: stderr lines marked `!` */
  markStderr: boolean;
  /** text: false prints lines as written, without prefix */
  prefix: boolean;
  /** text: types whose output lines are not shown */
  quiet: string[];
  env: NodeJS.ProcessEnv;
  /** our stdout went away (EPIPE) or failed */
  onClosed: () => void;
}

/** The console on stdout, with backpressure from the terminal: prefixed text (coloured, or plain) or NDJSON. */
export async function consoleOutput(options: ConsoleOptions): Promise<{ consumer: EventConsumer; flush: () => Promise<void> }> {
  const sink = new FdSink({ onError: options.onClosed });
  const printer = await printerFor(sink, options);
  const hidden = options.format === 'ndjson' ? () => false : quietFilter(options.quiet);
  return {
    consumer: { write: (event) => hidden(event) || printer.write(event), onDrain: (listener) => sink.onDrain(listener) },
    flush: () => sink.flush(),
  };
}

async function printerFor(sink: FdSink, options: ConsoleOptions): Promise<{ write(event: RuntimeEvent): boolean }> {
  const { names, types, ports, format, color, timestamps, markStderr, prefix, env } = options;
  if (format === 'ndjson') return new NdjsonPrinter(sink, { ports });
  if (!prefix) return new PlainPrinter(sink);
  const colour = await makeColourer(types, { flag: color, env, isTTY: stdoutIsTTY() });
  return new Printer(sink, { names, colour, timestamps, markStderr });
}
