import { describe, expect, it } from 'vitest';
import { renderCompose } from '../../../src/export/compose.js';
import { context, demoSpecs, spec } from './specs.js';

describe('renderCompose', () => {
  it('writes one service per type with replicas and a host port range (golden)', () => {
    const specs = [...demoSpecs.slice(0, 1), spec('web', 2, 'node web.js', 5001), ...demoSpecs.slice(1, 2)];
    const [file] = renderCompose(specs, context({ timeoutMs: 3000 }));
    expect(file?.path).toBe('compose.yml');
    expect(file?.content).toBe(`# demo: exported by procman (docker compose -p demo -f compose.yml up)
services:
  "web":
    build: "/srv/demo"
    image: "demo:latest"
    command: ["/bin/sh", "-c", "exec node web.js"]
    environment:
      "PORT": "5000"
      "PS": "web"
    ports:
      - "5000-5001:5000"
    stop_grace_period: 3s
    restart: unless-stopped
    deploy:
      replicas: 2
  "worker":
    build: "/srv/demo"
    image: "demo:latest"
    command: ["/bin/sh", "-c", "exec node worker.js"]
    environment:
      "PORT": "5100"
      "PS": "worker"
    ports:
      - "5100:5100"
    stop_grace_period: 3s
    restart: unless-stopped
    deploy:
      replicas: 1
`);
  });

  it('doubles $ against Compose interpolation and quotes YAML', () => {
    const [file] = renderCompose([spec('web', 1, 'echo "$PORT" # x', 5000, { V: 'a: ${B}\n- c' })], context());
    expect(file?.content).toContain('command: ["/bin/sh", "-c", "exec echo \\"$$PORT\\" # x"]\n');
    expect(file?.content).toContain('      "V": "a: $${B}\\n- c"\n');
  });

  it('names the image with --image when given', () => {
    const [file] = renderCompose(demoSpecs, context({ image: 'ghcr.io/me/demo:1.0' }));
    expect(file?.content).toContain('    image: "ghcr.io/me/demo:1.0"\n');
  });

  it('refuses an app name Compose cannot use as a project name', () => {
    expect(() => renderCompose(demoSpecs, context({ app: 'My.App' }))).toThrow('app name "My.App" is not a valid Compose project name');
  });
});
