// The kubernetes export, checked against the Kubernetes API's own schemas: kubernetes-models (JSON
// schemas generated from the Kubernetes OpenAPI spec: required fields, types, enums, formats such
// as base64 Secret data) and kubernetes-types (the same API as TypeScript types: tsc refuses any
// field the API does not have, as kubectl's strict field validation would).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Secret, Service } from 'kubernetes-models/v1';
import { afterEach, describe, expect, it } from 'vitest';
import { procmanSync, ROOT } from '../helpers/cli.js';
import { expectedArgv, expectedEnv, exportOk, hasPython, hostileDir, makeTempDir, python, removeDir, runLike } from './export-helpers.js';

const canParse = hasPython('yaml');
if (!canParse) console.log('note: python3 yaml module not available: kubernetes e2e tests skipped');

const LOAD = 'import yaml, sys, json; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))))';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, checked field by field below
type Doc = any;

/** What Kubernetes does to a container's command and env values: `$(VAR)` from the container's env, `$$` is `$`. */
function kubernetesExpand(input: string, vars: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '$' || i + 1 >= input.length) {
      out += input[i];
      continue;
    }
    const next = input[i + 1];
    if (next === '$') out += '$';
    else if (next === '(' && input.indexOf(')', i + 2) !== -1) {
      const close = input.indexOf(')', i + 2);
      const name = input.slice(i + 2, close);
      out += Object.hasOwn(vars, name) ? vars[name] : `$(${name})`;
      i = close - 1;
    } else out += `$${next}`;
    i++;
  }
  return out;
}

/** tsc over the documents typed as the Kubernetes API: an unknown or misspelt field is an error. */
function typeCheck(dir: string, docs: Doc[]): void {
  const types = join(ROOT, 'node_modules/kubernetes-types');
  const typed = docs.map((doc) => `  ${JSON.stringify(doc)} satisfies ${doc.kind},`).join('\n');
  writeFileSync(
    join(dir, 'check.ts'),
    `import type { Deployment } from '${types}/apps/v1';\nimport type { Secret, Service } from '${types}/core/v1';\n` +
      `export const docs = [\n${typed}\n];\n`,
  );
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], target: 'ES2022', module: 'preserve' };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['check.ts'] }));
  try {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the export does not type-check as the Kubernetes API:\n${(error as { stdout?: string }).stdout}`);
  }
}

describe.skipIf(!canParse)('export kubernetes', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('writes a Secret, and per type a Deployment and a Service, that the Kubernetes schemas accept', () => {
    dir = makeTempDir();
    const image = 'registry.example.com/hostile:1.0';
    exportOk(['kubernetes', dir, '-a', 'hostile', '-p', '7000', '-m', 'env=2,pipe=1', '-t', '2.5', '--image', image], hostileDir);
    const docs = python(LOAD, [`${dir}/hostile.yaml`]) as Doc[];
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Secret/hostile-env',
      'Deployment/hostile-env',
      'Service/hostile-env',
      'Deployment/hostile-pipe',
      'Service/hostile-pipe',
    ]);
    const models = { Secret, Deployment, Service } as const;
    for (const doc of docs) new models[doc.kind as keyof typeof models](doc).validate();
    typeCheck(dir, docs);

    const [secret, deployment, service, pipe, pipeService] = docs;
    const pod = deployment.spec.template;
    const [container] = pod.spec.containers;
    expect(deployment.spec.replicas).toBe(2);
    expect(pipe.spec.replicas).toBe(1);
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'hostile', 'app.kubernetes.io/component': 'env' });
    expect(pod.metadata.labels).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(pod.spec.terminationGracePeriodSeconds).toBe(3);
    expect(container.image).toBe(image);
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    expect(container.env).toEqual([
      { name: 'PORT', value: '7000' },
      { name: 'PS', value: 'env' },
    ]);
    expect(container.ports).toEqual([{ containerPort: 7000 }]);
    expect(service.spec.ports).toEqual([{ port: 7000, targetPort: 7000 }]);
    expect(pipeService.spec.ports).toEqual([{ port: 7100, targetPort: 7100 }]);

    // the Secret holds the env files (and PYTHONUNBUFFERED) byte for byte
    const { PORT: _port, PS: _ps, ...fileEnv } = expectedEnv('env', 7000);
    const data = secret.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(Object.keys(fileEnv).sort());
    for (const [name, value] of Object.entries(fileEnv)) expect(Buffer.from(data[name] ?? '', 'base64'), name).toEqual(Buffer.from(value));

    // the command as the container runs it: Kubernetes' expansion, then /bin/sh -c, in the image's WORKDIR
    const env: Record<string, string> = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    for (const { name, value } of container.env) env[name] = kubernetesExpand(value, env);
    const command = (container.command as string[]).map((word) => kubernetesExpand(word, env));
    const [json, after] = runLike(command, env, hostileDir).split('\n');
    const printed = JSON.parse(json ?? '');
    expect(printed.argv).toEqual(expectedArgv(7000));
    expect(Object.fromEntries(Object.keys(fileEnv).map((k) => [k, printed.env[k]]))).toEqual(fileEnv);
    expect(after).toBe('and-ran env');
  });

  it('needs --image, and an app name Kubernetes accepts: one line and a hint each', () => {
    dir = makeTempDir();
    expect(procmanSync(['export', 'kubernetes', dir, '-a', 'hostile'], hostileDir)).toMatchObject({
      status: 1,
      stderr:
        'procman: the kubernetes export needs the image to run: --image NAME\n' +
        'hint: build and push an image of the app, then for example --image registry.example.com/myapp:1.0\n',
    });
    expect(procmanSync(['export', 'kubernetes', dir, '-a', 'My_App', '--image', 'x'], hostileDir)).toMatchObject({
      status: 1,
      stderr:
        'procman: app name "My_App" is not a valid Kubernetes name: use lower-case letters, digits and -, starting with a letter\n' +
        'hint: name the app with -a, for example -a my-app\n',
    });
  });
});
