import type { ExitStatus, LineEvent, RestartReason, RuntimeEvent, ShutdownEvent, WatchEvent } from '../runtime/events.js';

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
    case 'state': {
      if (event.to === 'running') return { name: event.name, text: `started with pid ${event.pid ?? '?'}` };
      if (event.to !== 'exited' || !event.status) return undefined;
      let next = '';
      if (event.restart) next = `, restarting in ${seconds(event.restart.delayMs)} (attempt ${event.restart.attempt})`;
      else if (event.held) next = ', waiting for a change to restart';
      return { name: event.name, text: describeExit(event.status) + next };
    }
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
      return 'sending SIGTERM to all processes';
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
  return `${Number((ms / 1000).toFixed(2))} s`;
}
