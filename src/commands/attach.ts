import type { Message } from '../control/client.js';
import { ProcmanError } from '../errors.js';
import type { Io } from '../io.js';
import { type ControlSettings, connectTo } from './connect.js';

/** Ctrl-]: telnet's and docker's detach key; a process never sees it. */
const DETACH = 0x1d;

/**
 * `procman attach NAME`: this terminal becomes the terminal of one process
 * started with --tty: its output unprefixed, every key to it (raw mode, so
 * Ctrl-C goes to the process), until Ctrl-] detaches, leaving it running.
 */
export async function attachCommand(name: string, settings: ControlSettings, io: Io): Promise<number> {
  const client = await connectTo(settings, io);
  const stdin = process.stdin;
  const stdout = process.stdout;
  return new Promise<number>((resolve, reject) => {
    let attached: string | undefined;
    let detached = false;
    const restore = () => {
      detached = true;
      stdin.off('data', onKeys);
      stdout.off('resize', onResize);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
    };
    const onResize = () => {
      if (attached && stdout.columns && stdout.rows)
        client.send({ cmd: 'resize', name: attached, cols: stdout.columns, rows: stdout.rows }, () => {});
    };
    const onKeys = (keys: Buffer) => {
      const at = keys.indexOf(DETACH);
      const typed = at === -1 ? keys : keys.subarray(0, at);
      if (attached && typed.length > 0) client.send({ cmd: 'input', name: attached, data: typed.toString('base64') }, () => {});
      if (at !== -1) {
        restore();
        io.stderr.write(`\r\nprocman: detached from ${attached}; it runs on\n`);
        client.close();
        resolve(0);
      }
    };
    client.send({ cmd: 'attach', name }, (message: Message) => {
      if (attached === undefined) {
        if (message.ok === false) {
          client.close();
          reject(new ProcmanError(String(message.error)));
          return;
        }
        attached = String(message.name);
        io.stderr.write(`procman: attached to ${attached}; Ctrl-] detaches\n`);
        if (stdin.isTTY) stdin.setRawMode(true);
        stdin.on('data', onKeys);
        stdin.resume();
        stdout.on('resize', onResize);
        onResize();
      } else if (typeof message.data === 'string') stdout.write(Buffer.from(message.data, 'base64'));
    });
    void client.closed.then(() => {
      if (attached === undefined || detached) return; // a refusal or timeout came as a message; or we left
      restore();
      io.stderr.write('\r\nprocman: the run ended\n');
      resolve(0);
    });
  });
}
