import type { Io } from '../io.js';
import { launch } from '../launch.js';
import type { StartSettings } from '../options.js';
import { disableNaps, enableNaps } from '../os/nap.js';
import { enableReclaim } from '../os/reclaim.js';

/** `procman start`: the API's start, printing to the console and stopping on signals. */
export async function startCommand(settings: StartSettings, io: Io): Promise<number> {
  // procman's own process: it may nap after a trickle and collect dead reads (see os/nap.ts, os/reclaim.ts)
  enableNaps();
  enableReclaim();
  const handle = await launch(settings, {
    cwd: io.cwd,
    env: io.env,
    output: 'console',
    signals: true,
    control: settings.control !== false,
    warn: (message) => io.stderr.write(`procman: ${message}\n`),
    // no naps once a shutdown began: exits and last lines come in bursts
    onEvent: (event) => event.kind === 'shutdown' && disableNaps(),
  });
  return handle.exitCode;
}
