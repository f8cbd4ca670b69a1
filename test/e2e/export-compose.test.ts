import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../helpers/process.js';
import { expectedArgv, expectedEnv, exportOk, hasPython, hostileDir, makeTempDir, python, removeDir, runLike } from './export-helpers.js';

const canParse = hasPython('yaml');
if (!canParse) console.log('note: python3 yaml module not available: compose e2e tests skipped');
const DOCKER_COMPOSE = '/usr/bin/docker-compose';
const hasCompose = canParse && existsSync(DOCKER_COMPOSE);
if (canParse && !hasCompose)
  console.log(`note: ${DOCKER_COMPOSE} not found (Debian package "docker-compose"): docker-compose config test skipped`);

const LOAD = 'import yaml, sys, json; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))';

interface Service {
  build: string;
  image: string;
  command: string[];
  environment: Record<string, string>;
  ports: string[];
  stop_grace_period: string;
  deploy: { replicas: number };
}

/** What Compose does to every string value: `$$` is a literal `$`. */
const interpolate = (value: string) => value.replace(/\$\$/g, '$');

describe.skipIf(!canParse)('export compose', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('writes YAML with one service per type, replicas, ports and the hostile env exactly', () => {
    dir = makeTempDir();
    exportOk(['compose', dir, '-a', 'hostile', '-p', '7000', '-m', 'env=2,pipe=1', '-t', '2.5'], hostileDir);
    const file = python(LOAD, [`${dir}/compose.yml`]) as { services: Record<string, Service> };
    expect(Object.keys(file.services)).toEqual(['env', 'pipe']);
    const env = file.services.env as Service;
    expect(env.deploy.replicas).toBe(2);
    expect(env.ports).toEqual(['7000-7001:7000']);
    expect(env.stop_grace_period).toBe('2500ms');
    expect(interpolate(env.build)).toBe(hostileDir);
    const environment = Object.fromEntries(Object.entries(env.environment).map(([k, v]) => [k, interpolate(v)]));
    expect(environment).toEqual({ ...expectedEnv('env.1', 7000), PS: 'env' });

    const [json, after] = runLike(env.command.map(interpolate), environment, hostileDir).split('\n');
    expect(JSON.parse(json ?? '').argv).toEqual(expectedArgv(7000));
    expect(after).toBe('and-ran env');
    expect((file.services.pipe as Service).ports).toEqual(['7100:7100']);
  });

  it.skipIf(!hasCompose)('passes the real `docker-compose config`, which reads back every hostile value and command exactly', () => {
    dir = makeTempDir();
    exportOk(['compose', dir, '-a', 'hostile', '-p', '7000', '-m', 'env=2,pipe=1'], hostileDir);
    // HOME and PORT are set: had a $ escaped wrongly, Compose would substitute them (or warn about an unset variable)
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/compose-home', PORT: '1', PS: 'compose-ps' };
    const config = runSync([DOCKER_COMPOSE, '-p', 'hostile', '-f', 'compose.yml', 'config'], { cwd: dir, env, timeoutMs: 60_000 });
    expect(config.stderr).toBe('');
    expect(config.status).toBe(0);
    // `config` prints the file as Compose understood it, after interpolation, with each $ written $$ again
    writeFileSync(`${dir}/resolved.yml`, config.stdout);
    const resolved = python(LOAD, [`${dir}/resolved.yml`]) as { services: Record<string, Service> };
    expect(Object.keys(resolved.services)).toEqual(['env', 'pipe']);
    const service = resolved.services.env as Service;
    expect(service.deploy.replicas).toBe(2);
    const environment = Object.fromEntries(Object.entries(service.environment).map(([k, v]) => [k, interpolate(String(v))]));
    expect(environment).toEqual({ ...expectedEnv('env.1', 7000), PS: 'env' });
    const [json, after] = runLike(service.command.map(interpolate), environment, hostileDir).split('\n');
    expect(JSON.parse(json ?? '').argv).toEqual(expectedArgv(7000));
    expect(after).toBe('and-ran env');
    expect((resolved.services.pipe as Service).command.map(interpolate)).toEqual(['/bin/sh', '-c', 'node print-env.js piped | cat']);
  });
});
