import { shellScript } from '../os/shell.js';
import type { ProcessSpec } from '../project/ports.js';
import { checkEnvName } from './names.js';
import { shQuote } from './quote.js';
import { renderTemplate } from './template.js';
import { type ExportContext, type ExportFile, logDirOf, type Renderer } from './types.js';

/*
 * env/NAME holds the value followed by one newline. The run script reads it
 * back exactly (chpst -e would keep only the first line and drop trailing
 * spaces), so values with newlines, quotes or `$` arrive byte for byte.
 */
export const RUNIT_RUN = `#!/bin/sh
# {{name}} of {{app}}: exported by procman
exec 2>&1
nl='
'
for file in ./env/*; do
  [ -f "$file" ] || continue
  value=$(cat "$file" && printf x) || exit 1
  value=\${value%x}
  export "\${file#./env/}=\${value%"$nl"}"
done
cd {{root}} || exit 1
exec {{chpst}}/bin/sh -c {{script}}
`;

export const RUNIT_LOG_RUN = `#!/bin/sh
mkdir -p {{log_dir}} || exit 1
{{chown_line}}
exec {{chpst}}svlogd -tt {{log_dir}}
`;

/** `myapp-web.1`: the service directory. */
export function runitServiceName(app: string, spec: ProcessSpec): string {
  return `${app}-${spec.name}`;
}

function runVars(spec: ProcessSpec, context: ExportContext): Record<string, string> {
  const logDir = shQuote(`${logDirOf(context)}/${spec.name}`);
  return {
    app: context.app,
    name: spec.name,
    type: spec.type,
    port: String(spec.port),
    root: shQuote(context.root),
    script: shQuote(shellScript(spec.command)),
    chpst: context.user === undefined ? '' : `chpst -u ${shQuote(context.user)} `,
    log_dir: logDir,
    chown_line: context.user === undefined ? '' : `chown ${shQuote(context.user)} ${logDir}`,
  };
}

/** runit: a service directory per instance, with `run`, `env/` and `log/run`. */
export const renderRunit: Renderer = (specs, context) => {
  const { app, templates } = context;
  return specs.flatMap((spec): ExportFile[] => {
    const dir = runitServiceName(app, spec);
    const vars = runVars(spec, context);
    const env = Object.entries(spec.env).map(([name, value]) => ({
      path: `${dir}/env/${checkEnvName(name, 'runit')}`,
      content: `${value}\n`,
    }));
    return [
      { path: `${dir}/run`, content: renderTemplate(templates, 'run', RUNIT_RUN, vars), mode: 0o755 },
      ...env,
      { path: `${dir}/log/run`, content: renderTemplate(templates, 'log-run', RUNIT_LOG_RUN, vars), mode: 0o755 },
    ];
  });
};
