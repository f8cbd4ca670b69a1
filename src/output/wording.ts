import { printable } from '../printable.js';
import type {
  ExitStatus,
  LineEvent,
  LogFileEvent,
  PortInUseEvent,
  RestartReason,
  RuntimeEvent,
  ShutdownEvent,
  StateEvent,
  WatchEvent,
} from '../runtime/events.js';

/** The name under which procman's own lines appear. */
export const SYSTEM = 'system';

/** Foreman's wording: `exited with code 2`, `terminated by SIGTERM`. */
export function describeExit({ code, signal, error }: ExitStatus): string {
  if (error) return `failed to start: ${error}`;
  return signal ? `terminated by ${signal}` : `exited with code ${code ?? 0}`;
}

/**
 * The line the console shows for an event other than output, under whose
 * name; undefined for events Foreman's console does not show.
 */
export function describeEvent(event: Exclude<RuntimeEvent, LineEvent>): { name: string; text: string } | undefined {
  switch (event.kind) {
    case 'state':
      return describeState(event);
    case 'waiting':
      return { name: event.name, text: `waiting for ${event.for.map((d) => `${d.name} (${d.rule})`).join(', ')}` };
    case 'port-in-use':
      return { name: SYSTEM, text: describePortInUse(event) };
    case 'log-file':
      return { name: SYSTEM, text: describeLogFailure(event) };
    case 'restart':
      return { name: event.name, text: `${describeReason(event.reason)}, restarting` };
    case 'watch':
      return { name: SYSTEM, text: describeWatch(event) };
    case 'shutdown': {
      const text = describeShutdown(event);
      return text === undefined ? undefined : { name: SYSTEM, text };
    }
  }
}

function describeState(event: StateEvent): { name: string; text: string } | undefined {
  if (event.to === 'ready' && event.ready) return { name: event.name, text: describeReady(event.ready) };
  if (event.to === 'running') return { name: event.name, text: `started with pid ${event.pid ?? '?'}` };
  if (event.to !== 'exited' || !event.status) return undefined;
  let next = '';
  if (event.restart) next = `, restarting in ${seconds(event.restart.delayMs)} (attempt ${event.restart.attempt})`;
  else if (event.held) next = ', waiting for a change to restart';
  return { name: event.name, text: describeExit(event.status) + next };
}

/** `src/app.js changed`, `src/app.js and 41 more changed`. */
export function describeReason({ paths, count }: RestartReason): string {
  const more = count > 1 ? ` and ${count - 1} more` : '';
  return `${paths[0] ?? 'a file'}${more} changed`;
}

/** `watching src, lib (web); jobs (worker)`, or why watching stopped. */
function describeWatch(event: WatchEvent): string {
  if (event.phase === 'error') return `file watching error (${event.code}): some changes may be missed`;
  return `watching ${event.types.map(({ type, paths }) => `${paths.join(', ')} (${type})`).join('; ')}`;
}

function describeShutdown(event: ShutdownEvent): string | undefined {
  switch (event.phase) {
    case 'begin':
      if (event.cause === 'signal') return `${event.signal} received, starting shutdown`;
      if (event.cause === 'output-closed') return 'output closed, stopping';
      if (event.cause === 'stop') return 'stop requested, starting shutdown';
      return undefined; // the exit line said it
    case 'term':
      return event.all && event.signal === 'SIGTERM'
        ? 'sending SIGTERM to all processes'
        : `sending ${event.signal} to ${event.names.join(', ')}`;
    case 'kill-now':
      return `${event.signal} received again, killing at once`;
    case 'kill':
      return `sending SIGKILL to ${event.names.join(', ')}`;
    case 'escaped':
      return `sending ${event.signal} to ${event.count} ${event.count === 1 ? 'process' : 'processes'} that left their group`;
    case 'abandon':
      return `${event.name} exited but a process outside its group still holds its output; no longer reading it`;
  }
}

/** `4 s`, `1.5 s`, `0.25 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** `ready on port 5000 after 1.3 s`, `ready after 0.2 s (a line matched /ready/)`. */
function describeReady({ afterMs, port, pattern }: NonNullable<StateEvent['ready']>): string {
  if (port !== undefined) return `ready on port ${port} after ${seconds(afterMs)}`;
  return `ready after ${seconds(afterMs)}${pattern ? ` (a line matched ${pattern})` : ''}`;
}

/** `port 5000 (web.1) is already in use by pid 4242 (python3 -m http.server 5000); try -p 6000`. */
export function describePortInUse({
  port,
  name,
  holder,
  suggestion,
}: Pick<PortInUseEvent, 'port' | 'name' | 'holder' | 'suggestion'>): string {
  const by = holder.pid === undefined ? '' : ` by pid ${holder.pid}${holder.command ? ` (${printable(holder.command, 80)})` : ''}`;
  return `port ${port} (${name}) is already in use${by}; try -p ${suggestion}`;
}

const LOG_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
};

/** `cannot write logs/web.1.log: no space left on the device (ENOSPC); no longer writing it` */
export function describeLogFailure({ path, code }: LogFileEvent): string {
  const shown = printable(path);
  if (code === 'ETIMEDOUT') return `cannot write ${shown}: it did not take its last lines before procman exited (ETIMEDOUT); they are lost`;
  const reason = LOG_ERRORS[code];
  return `cannot write ${shown}: ${reason ? `${reason} (${code})` : code}; no longer writing it`;
}
