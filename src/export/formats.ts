import { ProcmanError } from '../errors.js';
import { renderCompose } from './compose.js';
import { renderLaunchd } from './launchd.js';
import { renderRunit } from './runit.js';
import { renderSupervisord } from './supervisord.js';
import { renderSystemd } from './systemd.js';
import type { Renderer } from './types.js';

export interface Format {
  render: Renderer;
  /** the file names --template DIR may hold for this format */
  templates: string[];
  /** whether -l/--log means something to this format */
  usesLog: boolean;
}

export const FORMATS: Record<string, Format> = {
  systemd: { render: renderSystemd, templates: ['app.target', 'process.service'], usesLog: true },
  supervisord: { render: renderSupervisord, templates: ['app.conf', 'program.conf'], usesLog: true },
  launchd: { render: renderLaunchd, templates: ['process.plist'], usesLog: true },
  runit: { render: renderRunit, templates: ['run', 'log-run'], usesLog: true },
  compose: { render: renderCompose, templates: ['compose.yml', 'service.yml'], usesLog: false },
};

export function formatNamed(name: string): Format {
  const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  if (format) return format;
  throw new ProcmanError(`unknown export format "${name}"`, { hint: `use one of: ${Object.keys(FORMATS).join(', ')}` });
}
