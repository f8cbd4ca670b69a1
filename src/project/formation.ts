import { ProcmanError } from '../errors.js';
import type { ProcfileEntry } from './procfile.js';
import { childEnv, type Env } from './env.js';

/** How many of each process type to run; `all` is the default count. */
export type Formation = Map<string, number>;

/** One process we will run: `web.1` with its command, port and environment. */
export interface ProcessSpec {
  /** `web.1` */
  name: string;
  /** `web` */
  type: string;
  /** 1-based instance number */
  instance: number;
  command: string;
  port: number;
  env: Env;
}

export const DEFAULT_PORT = 5000;
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

export function unknownTypeError(name: string, entries: ProcfileEntry[]): ProcmanError {
  const known = entries.map((e) => e.name).join(', ');
  return new ProcmanError(`unknown process type "${name}"; known: ${known}`);
}

export interface ExpandOptions {
  formation?: Formation;
  /** Process types named on the command line (`procman start web`); empty = all. */
  only?: string[];
  basePort?: number;
  /** procman's own environment */
  baseEnv?: NodeJS.ProcessEnv | Env;
  /** what the env files say */
  fileEnv?: Env;
}

/**
 * Expands the Procfile into named, ported processes. The port of instance i
 * of the type at position n in the Procfile is base + 100 n + (i - 1),
 * Foreman's rule, so ports stay stable when types are left out.
 */
export function expandFormation(entries: ProcfileEntry[], options: ExpandOptions = {}): ProcessSpec[] {
  const { formation = new Map([['all', 1]]), only = [], basePort = DEFAULT_PORT, baseEnv = {}, fileEnv = {} } = options;
  const known = new Set(entries.map((e) => e.name));
  for (const name of [...only, ...formation.keys()]) {
    if (name !== 'all' && !known.has(name)) throw unknownTypeError(name, entries);
  }
  const specs: ProcessSpec[] = [];
  entries.forEach((entry, position) => {
    if (only.length > 0 && !only.includes(entry.name)) return;
    const count = formation.get(entry.name) ?? formation.get('all') ?? (only.length > 0 ? 1 : 0);
    for (let instance = 1; instance <= count; instance++) {
      const port = basePort + 100 * position + (instance - 1);
      if (port > 65535) {
        throw new ProcmanError(`port ${port} for ${entry.name}.${instance} is above 65535`, {
          hint: `use a lower base port with -p (now ${basePort})`,
        });
      }
      const name = `${entry.name}.${instance}`;
      specs.push({
        name,
        type: entry.name,
        instance,
        command: entry.command,
        port,
        env: childEnv(baseEnv, fileEnv, { PORT: String(port), PS: name }),
      });
    }
  });
  return specs;
}
