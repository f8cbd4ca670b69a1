import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedArgv, expectedEnv, exportOk, hasPython, hostileDir, makeTempDir, python, removeDir, runLike } from './export-helpers.js';

const canParse = hasPython('plistlib');
if (!canParse) console.log('note: python3 plistlib not available: launchd plist e2e tests skipped');

const LOAD = 'import plistlib, sys, json; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))))';

interface Job {
  Label: string;
  ProgramArguments: string[];
  EnvironmentVariables: Record<string, string>;
  WorkingDirectory: string;
  ExitTimeOut: number;
  StandardOutPath: string;
}

describe.skipIf(!canParse)('export launchd', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('writes plists that parse, carry the hostile env exactly, and run the command with its meaning', () => {
    dir = makeTempDir();
    exportOk(['launchd', dir, '-a', 'hostile', '-p', '7000', '-l', '/var/log/x y', '-t', '0'], hostileDir);
    expect(readdirSync(dir).sort()).toEqual(['.procman-export.json', 'hostile-env.1.plist', 'hostile-pipe.1.plist']);

    const job = python(LOAD, [`${dir}/hostile-env.1.plist`]) as Job;
    expect(job.Label).toBe('hostile-env.1');
    expect(job.EnvironmentVariables).toEqual(expectedEnv('env.1', 7000));
    expect(job.WorkingDirectory).toBe(hostileDir);
    expect(job.ExitTimeOut).toBe(1);
    expect(job.StandardOutPath).toBe('/var/log/x y/env.1.log');
    expect(job.ProgramArguments.slice(0, 2)).toEqual(['/bin/sh', '-c']);

    const [json, after] = runLike(job.ProgramArguments, job.EnvironmentVariables, job.WorkingDirectory).split('\n');
    const printed = JSON.parse(json ?? '');
    expect(printed.argv).toEqual(expectedArgv(7000));
    expect(printed.env.DIRECTIVE).toBe(expectedEnv('env.1', 7000).DIRECTIVE);
    expect(after).toBe('and-ran env.1');

    const pipe = python(LOAD, [`${dir}/hostile-pipe.1.plist`]) as Job;
    expect(JSON.parse(runLike(pipe.ProgramArguments, pipe.EnvironmentVariables, hostileDir)).argv).toEqual(['piped']);
  });
});
