import type { RuntimeEvent } from '../runtime/events.js';
import type { ByteSink } from './types.js';
import { describeEvent, SYSTEM } from './wording.js';

/**
 * The console without prefixes (--no-prefix): every line exactly as the
 * process wrote it, no time, name or colour. procman's own lines are plain
 * text led by `procman:`, so they stay apart from the processes' output:
 * `procman: web.1 started with pid 4156`, `procman: sending SIGTERM to all processes`.
 */
export class PlainPrinter {
  constructor(private readonly out: ByteSink) {}

  write(event: RuntimeEvent): boolean {
    if (event.kind === 'line') return this.out.write(event.bytes);
    const shown = describeEvent(event);
    if (!shown) return true;
    return this.out.write(Buffer.from(formatPlainLine(shown.name, shown.text)));
  }
}

/** `procman: web.1 exited with code 0`; `procman: <text>` for system lines. */
export function formatPlainLine(name: string, text: string): string {
  return name === SYSTEM ? `procman: ${text}\n` : `procman: ${name} ${text}\n`;
}
