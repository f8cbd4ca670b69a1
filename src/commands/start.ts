import type { Io } from '../io.js';
import { launch } from '../launch.js';
import type { StartSettings } from '../options.js';

/** `procman start`: the API's start, printing to the console and stopping on signals. */
export async function startCommand(settings: StartSettings, io: Io): Promise<number> {
  const handle = await launch(settings, {
    cwd: io.cwd,
    env: io.env,
    output: 'console',
    signals: true,
    control: settings.control !== false,
    warn: (message) => io.stderr.write(`procman: ${message}\n`),
  });
  return handle.exitCode;
}
