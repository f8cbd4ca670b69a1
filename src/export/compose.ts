import { ProcmanError } from '../errors.js';
import { shellScript } from '../os/shell.js';
import { shown } from './names.js';
import { duration, yamlQuote } from './quote.js';
import { renderTemplate } from './template.js';
import { type ExportContext, type Renderer, typesOf } from './types.js';

/*
 * No top-level `name:`: docker-compose 1.x (Debian's) refuses it. The
 * project name is given with `-p` (`{{project}}` is there for templates).
 */
export const COMPOSE_FILE = `# {{app}}: exported by procman (docker compose -p {{project}} -f compose.yml up)
services:
{{services}}
`;

export const COMPOSE_SERVICE = `  {{service}}:
    build: {{root}}
    image: {{image}}
    command: [{{command}}]
    environment:
{{environment_lines}}
    ports:
      - {{ports}}
{{user_lines}}
    stop_grace_period: {{timeout}}
    restart: unless-stopped
    deploy:
      replicas: {{replicas}}
`;

/** Compose reads `$NAME` and `${NAME}` in every value; `$$` is a literal `$`. */
export function composeString(value: string): string {
  return yamlQuote(value.replace(/\$/g, '$$$$'));
}

/** A Compose project name is lower-case letters, digits, `-` and `_`. */
export function composeProject(app: string): string {
  if (/^[a-z0-9][a-z0-9_-]*$/.test(app)) return app;
  throw new ProcmanError(`app name ${shown(app)} is not a valid Compose project name: use lower-case letters, digits, - and _`, {
    hint: `name the app with -a, for example -a ${
      app
        .toLowerCase()
        .replace(/[^a-z0-9_-]/g, '-')
        .replace(/^[^a-z0-9]+/, '') || 'myapp'
    }`,
  });
}

/**
 * One service per process type, `replicas` from the formation. Every replica
 * of a type gets the type's first PORT (each container has its own network)
 * and PS=<type>; the host ports are a range, one per replica.
 */
export const renderCompose: Renderer = (specs, context: ExportContext) => {
  const project = composeProject(context.app);
  const services = typesOf(specs).map(({ type, count, first }) => {
    const env = { ...first.env, PS: type };
    const hostPorts = count === 1 ? `${first.port}` : `${first.port}-${first.port + count - 1}`;
    const vars = {
      app: context.app,
      service: yamlQuote(type),
      type,
      root: composeString(context.root),
      image: composeString(context.image ?? `${project}:latest`),
      command: ['/bin/sh', '-c', shellScript(first.command)].map(composeString).join(', '),
      environment_lines: Object.entries(env)
        .map(([name, value]) => `      ${yamlQuote(name)}: ${composeString(value)}`)
        .join('\n'),
      ports: yamlQuote(`${hostPorts}:${first.port}`),
      port: String(first.port),
      user_lines: context.user === undefined ? '' : `    user: ${yamlQuote(context.user)}`,
      timeout: duration(context.timeoutMs),
      replicas: String(count),
    };
    return renderTemplate(context.templates, 'service.yml', COMPOSE_SERVICE, vars).trimEnd();
  });
  const content = renderTemplate(context.templates, 'compose.yml', COMPOSE_FILE, {
    app: context.app,
    project,
    services: services.join('\n'),
  });
  return [{ path: 'compose.yml', content }];
};
