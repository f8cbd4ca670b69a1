import type { Message } from '../control/client.js';
import { ProcmanError } from '../errors.js';
import type { Io } from '../io.js';
import { type ControlSettings, connectTo, onOutputClosed } from './connect.js';

export interface LogsSettings extends ControlSettings {
  names: string[];
  lines: number;
  follow: boolean;
}

/**
 * `procman logs [NAME...] [-n N] [-f]`: the last lines from the running
 * procman's ring, as its screen showed them; with -f, new lines until
 * Ctrl-C or the end of that run.
 */
export async function logsCommand(
  settings: LogsSettings,
  io: Io,
  { interrupts = onInterrupt, outputClosed = onOutputClosed } = {},
): Promise<number> {
  const client = await connectTo(settings, io);
  const { names, lines, follow } = settings;
  return new Promise<number>((resolve, reject) => {
    let answered = false;
    const stopInterrupts = follow ? interrupts(() => client.close()) : () => {};
    // a reader that went away (| head) ends it as Ctrl-C does
    const stopWatching = outputClosed(() => {
      answered = true;
      client.close();
    });
    const done = (code: number) => {
      stopInterrupts();
      stopWatching();
      client.close();
      resolve(code);
    };
    client.send({ cmd: 'logs', names, lines, follow }, (message: Message) => {
      if (!answered) {
        answered = true;
        if (message.ok === false) {
          stopInterrupts();
          stopWatching();
          client.close();
          reject(new ProcmanError(String(message.error)));
          return;
        }
        for (const line of message.lines as string[]) io.stdout.write(`${line}\n`);
        if (!follow) done(0);
      } else if (typeof message.line === 'string') io.stdout.write(`${message.line}\n`);
      else if (typeof message.dropped === 'number')
        io.stderr.write(`procman: missed ${message.dropped} events: this terminal read too slowly\n`);
    });
    void client.closed.then(() => {
      if (answered) done(0);
      else {
        stopInterrupts();
        stopWatching();
        reject(new ProcmanError('the running procman closed the connection before answering'));
      }
    });
  });
}

/** Ctrl-C ends a follow quietly, with exit 0. */
function onInterrupt(stop: () => void): () => void {
  process.once('SIGINT', stop);
  return () => process.off('SIGINT', stop);
}
