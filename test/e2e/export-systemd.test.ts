import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { demoDir, exportOk, hostileDir, makeTempDir, removeDir } from './export-helpers.js';

const ANALYZE = '/usr/bin/systemd-analyze';
const installed = existsSync(ANALYZE);
if (!installed) console.log(`note: ${ANALYZE} not found: systemd verify e2e tests skipped`);

/** systemd-analyze exits 0 even when it ignores a line, so its output must be empty too. */
function verify(dir: string): string {
  const units = readdirSync(dir)
    .filter((f) => /\.(service|target)$/.test(f))
    .map((f) => `${dir}/${f}`);
  const result = spawnSync(ANALYZE, ['verify', '--man=no', ...units], { encoding: 'utf8', timeout: 60_000 });
  return `${result.status} ${result.stdout}${result.stderr}`.trim();
}

describe.skipIf(!installed)('export systemd, checked by systemd-analyze verify', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('writes a target and one unit per instance that verify cleanly', () => {
    dir = makeTempDir();
    exportOk(['systemd', dir, '-a', 'demo', '-m', 'web=2,worker=1', '-p', '6000'], demoDir);
    expect(readdirSync(dir).sort()).toEqual([
      '.procman-export.json',
      'demo-web.1.service',
      'demo-web.2.service',
      'demo-worker.1.service',
      'demo.target',
    ]);
    expect(readFileSync(`${dir}/demo.target`, 'utf8')).toContain('Wants=demo-web.1.service demo-web.2.service demo-worker.1.service\n');
    expect(verify(dir)).toBe('0');
  });

  it('verifies cleanly with hostile env values and commands (no ignored line)', () => {
    dir = makeTempDir();
    exportOk(['systemd', dir, '-a', 'hostile', '-l', `${dir}/logs`, '-t', '0.5'], hostileDir);
    const unit = readFileSync(`${dir}/hostile-env.1.service`, 'utf8');
    expect(unit.match(/^Environment=/gm)?.length).toBe(25);
    expect(unit).not.toMatch(/^ExecStartPre=|^User=/m);
    expect(verify(dir)).toBe('0');
  });
});
