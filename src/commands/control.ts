import { formatStatus, type StatusRow, withUptime } from '../control/status-format.js';
import type { Io } from '../io.js';
import type { ProcessStatus } from '../runtime/process.js';
import { type ControlSettings, connectTo, onOutputClosed } from './connect.js';

/** `procman status [--json]`: one line per process of the running procman. */
export async function statusCommand(settings: ControlSettings & { json: boolean }, io: Io): Promise<number> {
  const client = await connectTo(settings, io);
  const stopWatching = onOutputClosed(() => {}); // `procman status | head -1`: the rest is not wanted
  try {
    const reply = await client.request({ cmd: 'status' });
    const rows: StatusRow[] = withUptime(reply.processes as ProcessStatus[], reply.now as number);
    io.stdout.write(settings.json ? `${JSON.stringify(rows, null, 2)}\n` : formatStatus(rows));
    return 0;
  } finally {
    stopWatching();
    client.close();
  }
}

/** `procman restart NAME...` and `procman stop NAME...`: asks the running procman; says which processes it concerns. */
export async function requestCommand(cmd: 'restart' | 'stop', names: string[], settings: ControlSettings, io: Io): Promise<number> {
  const client = await connectTo(settings, io);
  try {
    const reply = await client.request({ cmd, names });
    const verb = cmd === 'restart' ? 'restarting' : 'stopping';
    io.stdout.write(`${verb} ${(reply.names as string[]).join(', ')}\n`);
    return 0;
  } finally {
    client.close();
  }
}
