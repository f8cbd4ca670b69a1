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
