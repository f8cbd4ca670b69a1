// procman as users install it: `npm pack`, then in a fresh project `npm install -D ./procman-X.tgz`,
// `npx procman`, an npm script, and `npm install -g` (into a temporary prefix, never the machine's).
// Dependencies come from npm's cache (filled by our own `npm ci`), so this needs no network.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { CliProcess, ROOT } from '../helpers/cli.js';
import { killTracked } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterEach(() => {
  expect(killTracked(), 'processes left alive by the test').toEqual([]);
});
afterAll(removeTemps);

// npm passes its own settings to scripts as npm_* variables: the nested npm must not inherit them
const npmEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.keys(process.env)
    .filter((k) => /^npm_/i.test(k))
    .map((k) => [k, undefined]),
);

/** Runs a command to completion in its own process group (killed past the bound), failing with its output. */
async function run(command: string[], cwd: string, timeoutMs = 180_000): Promise<{ stdout: string; stderr: string }> {
  const child = new CliProcess([], { command, cwd, env: npmEnv, timeoutMs });
  const { code } = await child.exit(timeoutMs + 5_000);
  if (code !== 0) throw new Error(`${command.join(' ')} exited ${code}\nstdout:\n${child.stdout}\nstderr:\n${child.stderr}`);
  return { stdout: child.stdout, stderr: child.stderr };
}

const npmInstall = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
let tarball = '';
let app = '';

beforeAll(() => {
  const out = project();
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  tarball = join(out, packed.filename);
  app = project({
    'package.json': JSON.stringify({ name: 'procman-user', private: true, scripts: { dev: 'procman start' } }, null, 2),
    Procfile: 'hello: node hello.js\n',
    '.env': 'WHO=world\nGREETING="hello ${WHO}"\n',
    'hello.js': 'console.log(`${process.env.GREETING} from ${process.env.PS} on ${process.env.PORT}`);\n',
  });
}, 180_000);

/** What `procman start` prints for the app's one process, which exits 0 (and so does procman). */
function expectHello(stdout: string): void {
  expect(stdout).toMatch(/hello\.1 +\| hello world from hello\.1 on 5000\n/);
  expect(stdout).toMatch(/hello\.1 +\| exited with code 0\n/);
}

describe('installed from the packed tarball', () => {
  it('npm install -D: npx procman, an npm script, --version and --help; only runtime files, with types', async () => {
    await run(['npm', 'install', '-D', tarball, ...npmInstall], app);
    const installed = join(app, 'node_modules/procman');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.version).toBe(pkg.version);
    for (const hook of ['preinstall', 'install', 'postinstall']) expect(manifest.scripts?.[hook], hook).toBeUndefined();
    expect(
      readdirSync(installed)
        .filter((f) => f !== 'node_modules')
        .sort(),
    ).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    expect(readdirSync(join(installed, 'dist')).filter((f) => f.endsWith('.test.js'))).toEqual([]);

    expect((await run(['npx', '--no', '--', 'procman', '--version'], app)).stdout).toBe(`${pkg.version}\n`);
    const help = (await run(['npx', '--no', '--', 'procman', '--help'], app)).stdout;
    for (const command of ['start', 'run', 'check', 'export', 'completion']) expect(help).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expectHello((await run(['npx', '--no', '--', 'procman', 'start', '--no-timestamp'], app)).stdout);
    expectHello((await run(['npm', 'run', '--silent', 'dev'], app)).stdout);

    // the API type-checks from the installed package's own declarations
    writeFileSync(
      join(app, 'check.ts'),
      "import { check, type CheckResult } from 'procman';\nexport const result: CheckResult = check();\n",
    );
    const compilerOptions = {
      strict: true,
      noEmit: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      typeRoots: [join(ROOT, 'node_modules/@types')],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['check.ts'] }));
    await run([process.execPath, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app, 60_000);
  }, 300_000);

  it('npm install -g (into a temporary prefix): procman on PATH from the prefix', async () => {
    const prefix = project();
    mkdirSync(join(prefix, 'lib'), { recursive: true });
    await run(['npm', 'install', '-g', '--prefix', prefix, tarball, ...npmInstall], app);
    const bin = join(prefix, 'bin/procman');
    expect((await run([bin, '--version'], app)).stdout).toBe(`${pkg.version}\n`);
    expectHello((await run([bin, 'start', '--no-timestamp'], app)).stdout);
  }, 300_000);
});
