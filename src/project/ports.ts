import { ProcmanError } from '../errors.js';
import { childEnv, type Env } from './env.js';
import { type Formation, parsePort, unknownTypeError } from './formation.js';
import type { ProcfileEntry } from './procfile.js';

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

/** The base port: -p, else PORT from the env files, else from procman's environment, else 5000. */
export function basePortFor(port: number | undefined, fileEnv: Env, baseEnv: NodeJS.ProcessEnv | Env): number {
  if (port !== undefined) return port;
  // a value from the env files is never echoed: they hold secrets
  if (fileEnv.PORT !== undefined && fileEnv.PORT !== '') return parsePort(fileEnv.PORT, 'PORT in the env files', { quiet: true });
  if (baseEnv.PORT !== undefined && baseEnv.PORT !== '') return parsePort(baseEnv.PORT, 'PORT in the environment');
  return DEFAULT_PORT;
}

/**
 * Foreman's port rule: instance i of the type at position n in the Procfile
 * gets base + 100 n + (i - 1), so ports stay stable when types are left out.
 */
export function portFor(basePort: number, position: number, instance: number): number {
  return basePort + 100 * position + (instance - 1);
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

/** Expands the Procfile into named, ported processes (ports by `portFor`). */
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
      const port = portFor(basePort, position, instance);
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
