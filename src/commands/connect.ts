import { ControlClient } from '../control/client.js';
import { socketPath } from '../control/paths.js';
import type { Io } from '../io.js';
import { resolvePaths } from '../project/paths.js';

/** Which procman to reach: the one running this Procfile (-f, -d, as for start). */
export interface ControlSettings {
  procfile?: string;
  root?: string;
}

/** Connects to the procman running the Procfile these settings name, or throws `no procman is running for ...`. */
export function connectTo({ procfile, root }: ControlSettings, io: Io): Promise<ControlClient> {
  const paths = resolvePaths({ procfile, root, cwd: io.cwd });
  return ControlClient.open(socketPath(paths.procfile, io.env), paths.procfile);
}

/**
 * Calls `closed` when our stdout goes away (`procman logs -f | head`), instead
 * of an EPIPE stack trace; returns the unsubscribe. Only the control commands
 * touch process.stdout this way (start writes to fd 1 itself).
 */
export function onOutputClosed(closed: () => void): () => void {
  let active = true;
  // stays subscribed: a failed write is reported a tick later, possibly after the command is done
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (active && (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED')) closed();
  });
  return () => {
    active = false;
  };
}
