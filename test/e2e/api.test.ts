// The typed API, used as a user would: from a separate package that depends
// on procman by path (fixtures/api-consumer), imports it by name, and
// type-checks against its published types.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertGone } from '../helpers/process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CONSUMER = join(ROOT, 'fixtures/api-consumer');
const run = (file: string, args: string[], cwd = CONSUMER) =>
  execFileSync(file, args, { cwd, encoding: 'utf8', timeout: 110_000, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  // what `npm install` does for a `file:` dependency: a link to the package, no download
  run('npm', ['install', '--offline', '--ignore-scripts', '--no-package-lock', '--no-audit', '--no-fund']);
  run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
}, 120_000); // a type-check of a whole package: seconds alone, much longer on a loaded 2-core machine

afterAll(() => {
  rmSync(join(CONSUMER, 'node_modules'), { recursive: true, force: true });
  rmSync(join(CONSUMER, 'out'), { recursive: true, force: true });
});

describe('the typed API from another package', () => {
  it('type-checks against the published types and runs: check, loadProject, start, events, status, stop', async () => {
    const output = run(process.execPath, ['out/main.js', CONSUMER]);
    // procman prints nothing of its own with output: 'none': the program's first line comes first
    const lines = output.trimEnd().split('\n');
    const result = JSON.parse(lines[0] ?? '');
    expect(result.check).toEqual({ ok: true, types: ['web', 'worker'], problems: [], warnings: [] });
    expect(result.entries).toEqual(['web: node ../bin/ready.js web', 'worker: node ../bin/ready.js worker']);
    expect(result.error).toBe('Procfile not found: Procfile.missing (exit 1)');
    expect(result.status).toEqual([
      { name: 'web.1', state: 'running', pid: expect.any(Number), port: 7400, restarts: 0 },
      { name: 'worker.1', state: 'running', pid: expect.any(Number), port: 7500, restarts: 0 },
    ]);
    // a listener added as soon as start() resolves sees every event, from the first
    const events: string[] = result.events;
    expect(events.slice(0, 2).sort()).toEqual(['web.1 starting->running', 'worker.1 starting->running']);
    expect(events).toContain('web.1 stdout web ready pid=N');
    expect(events).toContain('worker.1 stdout worker ready pid=N');
    expect(events).toContain('shutdown begin');
    expect(events).toContain('shutdown term');
    expect(events).toContain('web.1 running->stopping');
    expect(events.filter((e) => e.endsWith('->exited')).sort()).toEqual(['web.1 stopping->exited', 'worker.1 stopping->exited']);
    expect(result.code).toBe(0);
    await assertGone(result.status.map((s: { pid: number }) => s.pid));

    // the second run: an NDJSON console (worker's lines too: -q is for the text console), then its result
    const records = lines.slice(1, -1).map((line) => JSON.parse(line));
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(record.v).toBe(1);
    expect(
      records
        .filter((r) => r.type === 'line')
        .map((r) => `${r.name} ${r.text.replace(/\d+$/, 'N')}`)
        .sort(),
    ).toEqual(['web.1 web ready pid=N', 'worker.1 worker ready pid=N']);
    expect(records.find((r) => r.type === 'state' && r.name === 'web.1')).toEqual(
      expect.objectContaining({ state: 'running', port: 7600, pid: expect.any(Number) }),
    );
    await assertGone(records.filter((r) => r.type === 'state' && r.state === 'running').map((r) => r.pid));
    const second = JSON.parse(lines.at(-1) ?? '');
    expect(second).toEqual({
      code: 0,
      log: ['T # started with pid N', 'T | web ready pid=N', 'T # terminated by SIGTERM', ''],
    });
  });

  it('npm pack ships the runtime files with their types, and nothing else', () => {
    const [pack] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT));
    const files: string[] = pack.files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/api.js');
    expect(files).toContain('dist/api.d.ts');
    expect(files).toContain('dist/runtime/events.d.ts');
    expect(files).toContain('bin/procman.js');
    expect(files).toContain('dist/procman.js'); // the CLI, bundled
    expect(files.filter((f) => !/^(dist\/|bin\/|package\.json$|README\.md$|LICENSE)/.test(f))).toEqual([]);
  });
});
