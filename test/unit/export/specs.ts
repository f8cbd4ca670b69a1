import type { ExportContext } from '../../../src/export/types.js';
import type { ProcessSpec } from '../../../src/project/ports.js';

export function spec(type: string, instance: number, command: string, port: number, env: Record<string, string> = {}): ProcessSpec {
  const name = `${type}.${instance}`;
  return { name, type, instance, command, port, env: { ...env, PORT: String(port), PS: name } };
}

export const demoSpecs: ProcessSpec[] = [spec('web', 1, 'node web.js', 5000), spec('worker', 1, 'node worker.js', 5100)];

export function context(overrides: Partial<ExportContext> = {}): ExportContext {
  return { app: 'demo', root: '/srv/demo', timeoutMs: 5000, templates: {}, ...overrides };
}

/** Values that break naive exporters. */
export const HOSTILE = {
  Q: `say "hi" it's`,
  P: '100% %(here)s %n',
  D: '$HOME ${HOME} $$',
  B: 'C:\\new\\',
  N: 'one\ntwo\n',
  E: 'a=b',
  C: 'a ;b #c',
};
