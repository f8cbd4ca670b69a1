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
exec chpst -P {{user_option}}/bin/sh -c {{script}}
`;

/*
 * runsv signals only the process it started. `chpst -P` makes that process
 * lead a process group, and these control scripts (runsv runs control/t for
 * `sv stop` and control/k for `sv kill`, then sends nothing itself when they
 * succeed) signal the whole group, as procman start does.
 */
const controlScript = (signal: string, commands: string) => `#!/bin/sh
# ${commands}: SIG${signal} to the whole process group of ./run (exported by procman)
# the shell's own kill (procps' /bin/kill reads "-PID" after a signal as nothing); a failure lets runsv signal run itself
pid=$(cat ./supervise/pid) && [ -n "$pid" ] && kill -${signal} "-$pid"
`;

export const RUNIT_CONTROL_TERM = controlScript('TERM', 'sv stop, sv term, sv restart');
export const RUNIT_CONTROL_KILL = controlScript('KILL', 'sv kill, sv force-stop after its wait');

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
    user_option: context.user === undefined ? '' : `-u ${shQuote(context.user)} `,
    log_dir: logDir,
    chown_line: context.user === undefined ? '' : `chown ${shQuote(context.user)} ${logDir}`,
  };
}

/** runit: a service directory per instance, with `run`, `env/`, `control/t`, `control/k` and `log/run`. */
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
      { path: `${dir}/control/t`, content: RUNIT_CONTROL_TERM, mode: 0o755 },
      { path: `${dir}/control/k`, content: RUNIT_CONTROL_KILL, mode: 0o755 },
      { path: `${dir}/log/run`, content: renderTemplate(templates, 'log-run', RUNIT_LOG_RUN, vars), mode: 0o755 },
    ];
  });
};
