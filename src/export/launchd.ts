import { shellScript } from '../os/shell.js';
import type { ProcessSpec } from '../project/ports.js';
import { wholeSeconds, xmlText } from './quote.js';
import { renderTemplate } from './template.js';
import { type ExportContext, logDirOf, type Renderer } from './types.js';

export const LAUNCHD_PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{{label}}</string>
  <key>ProgramArguments</key>
  <array>
    <string>/bin/sh</string>
    <string>-c</string>
    <string>{{script}}</string>
  </array>
  <key>EnvironmentVariables</key>
  <dict>
{{environment_lines}}
  </dict>
  <key>WorkingDirectory</key>
  <string>{{root}}</string>
{{user_lines}}
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <true/>
  <key>ExitTimeOut</key>
  <integer>{{timeout}}</integer>
  <key>StandardOutPath</key>
  <string>{{stdout_log}}</string>
  <key>StandardErrorPath</key>
  <string>{{stderr_log}}</string>
</dict>
</plist>
`;

/** `myapp-web.1`: the job label, and the plist's file name. */
export function launchdLabel(app: string, spec: ProcessSpec): string {
  return `${app}-${spec.name}`;
}

function plistVars(spec: ProcessSpec, context: ExportContext): Record<string, string> {
  const environment = Object.entries(spec.env).map(
    ([name, value]) => `    <key>${xmlText(name, 'env var name')}</key>\n    <string>${xmlText(value, `value of ${name}`)}</string>`,
  );
  const log = xmlText(logDirOf(context), 'log directory');
  const user = context.user === undefined ? '' : `  <key>UserName</key>\n  <string>${context.user}</string>`;
  return {
    app: context.app,
    label: launchdLabel(context.app, spec),
    name: spec.name,
    type: spec.type,
    port: String(spec.port),
    script: xmlText(shellScript(spec.command), `command of ${spec.type}`),
    environment_lines: environment.join('\n'),
    root: xmlText(context.root, 'root directory'),
    user_lines: user,
    timeout: String(wholeSeconds(context.timeoutMs, 1)), // launchd reads 0 as "wait forever"
    stdout_log: `${log}/${spec.name}.log`,
    stderr_log: `${log}/${spec.name}.error.log`,
  };
}

/** launchd: one `<app>-<name>.plist` per instance, for ~/Library/LaunchAgents or /Library/LaunchDaemons. */
export const renderLaunchd: Renderer = (specs, context) =>
  specs.map((spec) => ({
    path: `${launchdLabel(context.app, spec)}.plist`,
    content: renderTemplate(context.templates, 'process.plist', LAUNCHD_PLIST, plistVars(spec, context)),
  }));
