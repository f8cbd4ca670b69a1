import { shellScript } from '../os/shell.js';
import type { ProcessSpec } from '../project/ports.js';
import { checkEnvName } from './names.js';
import { duration } from './quote.js';
import { systemdExecWord, systemdPath, systemdWord } from './systemd-quote.js';
import { renderTemplate } from './template.js';
import type { ExportContext, ExportFile, Renderer } from './types.js';

export const SYSTEMD_TARGET = `[Unit]
Description={{app}} (exported by procman)
Wants={{units}}

[Install]
WantedBy=multi-user.target
`;

export const SYSTEMD_SERVICE = `[Unit]
Description={{app}} {{name}}
PartOf={{app}}.target
After=network.target

[Service]
Type=simple
{{user_line}}
WorkingDirectory={{root}}
{{environment_lines}}
ExecStart={{exec_start}}
Restart=always
RestartSec=1
KillMode=control-group
TimeoutStopSec={{timeout}}
{{log_lines}}

[Install]
WantedBy={{app}}.target
`;

/** `myapp-web.1.service`: one unit per process instance. */
export function systemdUnitName(app: string, spec: ProcessSpec): string {
  return `${app}-${spec.name}.service`;
}

function serviceVars(spec: ProcessSpec, context: ExportContext): Record<string, string> {
  const environment = Object.entries(spec.env).map(([name, value]) => {
    checkEnvName(name, 'systemd');
    return `Environment=${systemdWord(`${name}=${value}`, `value of ${name}`)}`;
  });
  const script = systemdExecWord(shellScript(spec.command), `command of ${spec.type}`);
  const log = context.logDir === undefined ? undefined : systemdPath(`${context.logDir}/${spec.name}.log`, 'log file');
  return {
    app: context.app,
    name: spec.name,
    type: spec.type,
    port: String(spec.port),
    root: systemdPath(context.root, 'root directory'),
    user_line: context.user === undefined ? '' : `User=${context.user}`,
    environment_lines: environment.join('\n'),
    exec_start: `/bin/sh -c ${script}`,
    timeout: duration(Math.max(context.timeoutMs, 1)), // 0 would mean "wait forever" to systemd
    log_lines: log === undefined ? '' : `StandardOutput=append:${log}\nStandardError=append:${log}`,
  };
}

/**
 * systemd: `<app>.target` wants one `<app>-<name>.service` per instance;
 * each unit is PartOf the target, so `systemctl start|stop|restart <app>.target`
 * acts on all of them. Logs go to the journal unless -l is given.
 */
export const renderSystemd: Renderer = (specs, context) => {
  const { templates, app } = context;
  const files: ExportFile[] = specs.map((spec) => ({
    path: systemdUnitName(app, spec),
    content: renderTemplate(templates, 'process.service', SYSTEMD_SERVICE, serviceVars(spec, context)),
  }));
  const units = specs.map((spec) => systemdUnitName(app, spec)).join(' ');
  files.unshift({ path: `${app}.target`, content: renderTemplate(templates, 'app.target', SYSTEMD_TARGET, { app, units }) });
  return files;
};
