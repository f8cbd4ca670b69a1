import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runSync, type SyncResult } from '../helpers/process.js';
import { expectedArgv, expectedEnv, exportOk, hostileDir, makeTempDir, removeDir } from './export-helpers.js';

/** Runs a service's `run` script directly, the way runsv does: from its service folder. */
function runService(serviceDir: string): SyncResult {
  return runSync(['./run'], { cwd: serviceDir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
}

describe('export runit', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('writes run scripts that pass sh -n and start the process with the hostile env byte for byte', () => {
    dir = makeTempDir();
    exportOk(['runit', dir, '-a', 'hostile', '-p', '7000'], hostileDir);
    expect(readdirSync(dir).sort()).toEqual(['.procman-export.json', 'hostile-env.1', 'hostile-pipe.1']);
    const service = `${dir}/hostile-env.1`;
    for (const script of [`${service}/run`, `${service}/log/run`]) {
      expect(statSync(script).mode & 0o777).toBe(0o755);
      const check = spawnSync('sh', ['-n', script], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
    const expected = expectedEnv('env.1', 7000);
    expect(readdirSync(`${service}/env`).sort()).toEqual(Object.keys(expected).sort());

    const { status, stdout, stderr } = runService(service);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const [json, after] = stdout.split('\n');
    const printed = JSON.parse(json ?? '');
    expect(Object.fromEntries(Object.keys(expected).map((k) => [k, printed.env[k]]))).toEqual(expected);
    expect(printed.argv).toEqual(expectedArgv(7000));
    expect(printed.cwd).toBe(hostileDir);
    expect(after).toBe('and-ran env.1');

    expect(JSON.parse(runService(`${dir}/hostile-pipe.1`).stdout).argv).toEqual(['piped']);
  });
});
