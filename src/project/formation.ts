import { ProcmanError } from '../errors.js';
import type { ProcfileEntry } from './procfile.js';

/** How many of each process type to run; `all` is the default count. */
export type Formation = Map<string, number>;

const MAX_COUNT = 1000;

/** Parses `all=1,web=2,worker=0`. */
export function parseFormation(text: string): Formation {
  const formation: Formation = new Map();
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const match = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(item);
    if (!match) {
      throw new ProcmanError(`invalid formation "${item}": expected <type>=<count>`, {
        hint: 'for example -m all=1,web=2,worker=0',
      });
    }
    const count = Number(match[2]);
    if (count > MAX_COUNT) {
      throw new ProcmanError(`invalid formation "${item}": at most ${MAX_COUNT} processes of one type`);
    }
    const type = match[1] ?? '';
    if (formation.has(type)) throw new ProcmanError(`invalid formation "${text}": ${type} is given twice`);
    formation.set(type, count);
  }
  return formation;
}

/** Parses a base port from -p or PORT, naming where the bad value came from. */
export function parsePort(value: string, source: string, { quiet = false } = {}): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (Number.isNaN(port) || port < 1 || port > 65535) {
    const shown = quiet ? '' : Number.isNaN(port) ? ` "${value}"` : ` ${port}`;
    throw new ProcmanError(`invalid port${shown} from ${source}: expected a number from 1 to 65535`);
  }
  return port;
}

/** `unknown process type "wrker"; known: web, worker` (`where`: ` in -q/--quiet` after the name). */
export function unknownTypeError(name: string, entries: ProcfileEntry[], { where = '' } = {}): ProcmanError {
  const known = entries.map((e) => e.name).join(', ');
  return new ProcmanError(`unknown process type "${name}"${where}; known: ${known}`);
}
