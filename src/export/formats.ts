import { ProcmanError } from '../errors.js';
import { renderCompose } from './compose.js';
import { renderKubernetes } from './kubernetes.js';
import { renderLaunchd } from './launchd.js';
import { renderRunit } from './runit.js';
import { renderSupervisord } from './supervisord.js';
import { renderSystemd } from './systemd.js';
import type { Renderer } from './types.js';

export interface Format {
  render: Renderer;
  /** the file names --template DIR may hold for this format */
  templates: string[];
  /** the options that mean something to this format (the others get a note): -l, -u, --image */
  uses: { log: boolean; user: boolean; image: boolean };
}

const USES_LOG_USER = { log: true, user: true, image: false };

export const FORMATS: Record<string, Format> = {
  systemd: { render: renderSystemd, templates: ['app.target', 'process.service'], uses: USES_LOG_USER },
  supervisord: { render: renderSupervisord, templates: ['app.conf', 'program.conf'], uses: USES_LOG_USER },
  launchd: { render: renderLaunchd, templates: ['process.plist'], uses: USES_LOG_USER },
  runit: { render: renderRunit, templates: ['run', 'log-run'], uses: USES_LOG_USER },
  compose: { render: renderCompose, templates: ['compose.yml', 'service.yml'], uses: { log: false, user: true, image: true } },
  kubernetes: {
    render: renderKubernetes,
    templates: ['secret.yaml', 'deployment.yaml', 'service.yaml'],
    uses: { log: false, user: false, image: true },
  },
};

export function formatNamed(name: string): Format {
  const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  if (format) return format;
  throw new ProcmanError(`unknown export format "${name}"`, { hint: `use one of: ${Object.keys(FORMATS).join(', ')}` });
}
