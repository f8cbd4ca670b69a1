import { shellScript } from '../os/shell.js';
import type { ProcessSpec } from '../project/ports.js';
import { checkEnvName } from './names.js';
import { wholeSeconds } from './quote.js';
import { environmentPair, fitsEnvironment, supervisordPlain, supervisordWord } from './supervisord-quote.js';
import { renderTemplate } from './template.js';
import { type ExportContext, logDirOf, type Renderer } from './types.js';

export const SUPERVISORD_APP = `; {{app}}: exported by procman; include this file from supervisord.conf
[group:{{app}}]
programs={{programs}}

{{program_sections}}
`;

export const SUPERVISORD_PROGRAM = `[program:{{program}}]
command={{command}}
directory={{root}}
{{user_line}}
{{environment_line}}
autostart=true
autorestart=true
stopsignal=TERM
stopwaitsecs={{timeout}}
stopasgroup=true
killasgroup=true
stdout_logfile={{stdout_log}}
stderr_logfile={{stderr_log}}
`;

/** `myapp-web.1`: program names are global in supervisord, so they carry the app. */
export function supervisordProgramName(app: string, spec: ProcessSpec): string {
  return `${app}-${spec.name}`;
}

/**
 * Values environment= keeps exactly go there; any other (quotes at its ends,
 * both kinds of quote, a line break, " ;" or " #") is given to `env` in the
 * command, which supervisord splits with full POSIX quoting.
 */
function programVars(spec: ProcessSpec, context: ExportContext): Record<string, string> {
  const pairs: string[] = [];
  const args: string[] = [];
  for (const [name, value] of Object.entries(spec.env)) {
    if (fitsEnvironment(value)) pairs.push(environmentPair(name, value));
    else args.push(supervisordWord(`${checkEnvName(name, 'supervisord')}=${value}`, `value of ${name}`));
  }
  const shell = `/bin/sh -c ${supervisordWord(shellScript(spec.command), `command of ${spec.type}`)}`;
  const log = supervisordPlain(logDirOf(context), 'log directory');
  return {
    app: context.app,
    program: supervisordProgramName(context.app, spec),
    name: spec.name,
    type: spec.type,
    port: String(spec.port),
    command: args.length === 0 ? shell : `/usr/bin/env ${args.join(' ')} ${shell}`,
    root: supervisordPlain(context.root, 'root directory'),
    user_line: context.user === undefined ? '' : `user=${context.user}`,
    environment_line: pairs.length === 0 ? '' : `environment=${pairs.join(',')}`,
    timeout: String(wholeSeconds(context.timeoutMs)),
    stdout_log: `${log}/${spec.name}.log`,
    stderr_log: `${log}/${spec.name}.error.log`,
  };
}

/** supervisord: one `<app>.conf` with a group and one [program:...] per instance. */
export const renderSupervisord: Renderer = (specs, context) => {
  const { templates, app } = context;
  const sections = specs.map((spec) => renderTemplate(templates, 'program.conf', SUPERVISORD_PROGRAM, programVars(spec, context)));
  const programs = specs.map((spec) => supervisordProgramName(app, spec)).join(',');
  const vars = { app, programs, program_sections: sections.map((s) => s.trimEnd()).join('\n\n') };
  return [{ path: `${app}.conf`, content: renderTemplate(templates, 'app.conf', SUPERVISORD_APP, vars) }];
};
