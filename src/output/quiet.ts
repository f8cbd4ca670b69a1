import type { RuntimeEvent } from '../runtime/events.js';
import { typeOf } from './printer.js';

/**
 * -q/--quiet: a test for the events the console leaves out, the output
 * lines of these process types. Their state lines (started, exited) stay.
 */
export function quietFilter(types: readonly string[]): (event: RuntimeEvent) => boolean {
  if (types.length === 0) return () => false;
  const hidden = new Set(types);
  return (event) => event.kind === 'line' && hidden.has(typeOf(event.name));
}
