// Part of `npm run build`: the CLI as one CommonJS file, dist/procman.cjs (esbuild). Its first line names the
// build by a hash of its content: bin/procman.js uses V8's code cache only when the cache was made from a
// bundle with that same first line (a hash, not a size or an mtime, which installs and copies change or keep).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
// required at run time from node_modules, each where it is used (chalk is bundled: see the README's Development)
const external = ['dotenv', 'execa', 'tree-kill', 'yaml', 'dotenv-expand', 'chokidar', 'picomatch', '@lydell/node-pty'];
const result = await build({
  entryPoints: [`${root}src/bin.ts`],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  logLevel: 'warning',
  define: { 'import.meta.url': '__filename', PROCMAN_VERSION: JSON.stringify(version) },
  write: false,
  outfile: `${root}dist/procman.cjs`,
});
const [output] = result.outputFiles;
const hash = createHash('sha256').update(output.contents).digest('hex').slice(0, 32);
mkdirSync(`${root}dist`, { recursive: true });
writeFileSync(output.path, Buffer.concat([Buffer.from(`// procman ${version} build ${hash}\n`), output.contents]));
