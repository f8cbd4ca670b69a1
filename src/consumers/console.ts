import { makeColourer, stdoutIsTTY } from '../output/colour.js';
import { Printer } from '../output/printer.js';
import { FdSink } from '../output/sink.js';
import type { EventConsumer } from '../runtime/seams.js';

export interface ConsoleOptions {
  /** every process name, to pad prefixes */
  names: string[];
  /** process types in Procfile order, for the palette */
  types: string[];
  color: boolean | undefined;
  timestamps: boolean;
  env: NodeJS.ProcessEnv;
  /** our stdout went away (EPIPE) or failed */
  onClosed: () => void;
}

/** The console: prefixed, coloured lines on stdout, with backpressure from the terminal. */
export async function consoleOutput(options: ConsoleOptions): Promise<{ consumer: EventConsumer; flush: () => Promise<void> }> {
  const { names, types, color, timestamps, env, onClosed } = options;
  const colour = await makeColourer(types, { flag: color, env, isTTY: stdoutIsTTY() });
  const sink = new FdSink({ onError: onClosed });
  const printer = new Printer(sink, { names, colour, timestamps });
  return {
    consumer: { write: (event) => printer.write(event), onDrain: (listener) => sink.onDrain(listener) },
    flush: () => sink.flush(),
  };
}
