import { afterEach, describe, expect, it } from 'vitest';
import { expectedArgv, expectedEnv, exportOk, hasPython, hostileDir, makeTempDir, python, removeDir, runLike } from './export-helpers.js';

const canParse = hasPython('yaml');
if (!canParse) console.log('note: python3 yaml module not available: compose e2e tests skipped');

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
    const file = python(LOAD, [`${dir}/compose.yml`]) as { name: string; services: Record<string, Service> };
    expect(file.name).toBe('hostile');
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
});
