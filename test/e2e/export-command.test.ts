import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { procmanSync } from '../helpers/cli.js';
import { demoDir, exportOk, hostileDir, makeTempDir, removeDir } from './export-helpers.js';

describe('procman export', () => {
  let dir: string | undefined;
  afterEach(() => removeDir(dir));

  it('re-exporting removes only the files the previous export wrote and no longer writes', () => {
    dir = makeTempDir();
    const first = exportOk(['runit', dir, '-a', 'demo', '-m', 'web=2,worker=1'], demoDir);
    expect(first.stdout).toContain(`wrote ${dir}/demo-web.2/run\n`);
    writeFileSync(`${dir}/keep.txt`, 'not ours');
    mkdirSync(`${dir}/demo-web.2/supervise`); // what runsv adds: not ours either
    const second = exportOk(['runit', dir, '-a', 'demo', '-m', 'web=1,worker=0'], demoDir);
    expect(second.stdout).toContain(`removed ${dir}/demo-worker.1/run\n`);
    expect(second.stdout).toContain(`removed ${dir}/demo-web.2/env/PORT\n`);
    expect(readdirSync(dir).sort()).toEqual(['.procman-export.json', 'demo-web.1', 'demo-web.2', 'keep.txt']);
    expect(readdirSync(`${dir}/demo-web.2`)).toEqual(['supervise']);
    const manifest = JSON.parse(readFileSync(`${dir}/.procman-export.json`, 'utf8'));
    expect(manifest.files).toEqual([
      'demo-web.1/run',
      'demo-web.1/env/PORT',
      'demo-web.1/env/PS',
      'demo-web.1/env/PYTHONUNBUFFERED',
      'demo-web.1/control/t',
      'demo-web.1/control/k',
      'demo-web.1/log/run',
    ]);
  });

  it('refuses a manifest that points outside the location, and deletes nothing', () => {
    dir = makeTempDir();
    writeFileSync(`${dir}/victim`, 'x');
    mkdirSync(`${dir}/out`);
    writeFileSync(`${dir}/out/.procman-export.json`, JSON.stringify({ format: 'runit', app: 'demo', files: ['../victim'] }));
    const result = procmanSync(['export', 'runit', `${dir}/out`, '-a', 'demo'], demoDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is not a procman export manifest: unsafe path "../victim"');
    expect(existsSync(`${dir}/victim`)).toBe(true);
  });

  it.each([
    [
      ['systemd', 'x', '-a', 'a/b'],
      'procman: invalid app name "a/b": use letters, digits, ., _ and -, starting with a letter or digit\nhint: name the app with -a, for example -a myapp\n',
    ],
    [
      ['systemd', 'x', '-a', 'a\nb'],
      'procman: invalid app name "a\\nb": use letters, digits, ., _ and -, starting with a letter or digit\nhint: name the app with -a, for example -a myapp\n',
    ],
    [
      ['upstart', 'x'],
      'procman: unknown export format "upstart"\nhint: use one of: systemd, supervisord, launchd, runit, compose, kubernetes\n',
    ],
    [
      ['supervisord', 'x', '-u', 'bob;rm'],
      'procman: invalid user name "bob;rm": use letters, digits, ., _ and -\nhint: give -u a plain user name, for example -u deploy\n',
    ],
    [
      ['compose', 'x', '-a', 'MyApp'],
      'procman: app name "MyApp" is not a valid Compose project name: use lower-case letters, digits, - and _\nhint: name the app with -a, for example -a myapp\n',
    ],
    [['systemd', 'x', '-t', 'soon'], 'procman: invalid timeout "soon": expected a number of seconds, 0 or more\nhint: for example -t 10\n'],
  ])('refuses %j with one clear line and a hint, writing nothing', (args, stderr) => {
    dir = makeTempDir();
    const result = procmanSync(['export', ...args, '-f', `${demoDir}/Procfile`], dir);
    expect(result.stderr).toBe(stderr);
    expect(result.status).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an env var name a shell cannot carry, naming it', () => {
    dir = makeTempDir();
    writeFileSync(`${dir}/Procfile`, 'web: node web.js\n');
    writeFileSync(`${dir}/.env`, 'MY.VAR=1\n');
    const result = procmanSync(['export', 'runit', 'out', '-a', 'app'], dir);
    expect(result.stderr).toBe(
      'procman: env var name "MY.VAR" cannot be exported to runit: expected [A-Za-z_][A-Za-z0-9_]*\nhint: rename the variable in the env file\n',
    );
    expect(result.status).toBe(1);
    expect(exportOk(['launchd', 'out', '-a', 'app'], dir).status).toBe(0); // a plist can carry it
  });

  it('notes the options a format does not use, and still exports', () => {
    dir = makeTempDir();
    const kubernetes = exportOk(['kubernetes', `${dir}/k`, '-a', 'demo', '--image', 'demo:1', '-u', 'deploy', '-l', 'logs'], demoDir);
    expect(kubernetes.stderr).toBe(
      'procman: note: -l/--log is not used by the kubernetes format\nprocman: note: -u/--user is not used by the kubernetes format\n',
    );
    expect(exportOk(['systemd', `${dir}/s`, '-a', 'demo', '--image', 'demo:1'], demoDir).stderr).toBe(
      'procman: note: --image is not used by the systemd format\n',
    );
  });

  it('uses --template files, with values escaped for the target', () => {
    dir = makeTempDir();
    mkdirSync(`${dir}/tpl`);
    writeFileSync(`${dir}/tpl/process.service`, '[Service]\nExecStart={{exec_start}}\n{{user_line}}\n# {{name}} on {{port}}\n');
    exportOk(['systemd', `${dir}/out`, '-a', 'h', '-p', '7000', '--template', `${dir}/tpl`], hostileDir);
    expect(readFileSync(`${dir}/out/h-pipe.1.service`, 'utf8')).toBe(
      '[Service]\nExecStart=/bin/sh -c "node print-env.js piped | cat"\n# pipe.1 on 7100\n',
    );
    expect(readFileSync(`${dir}/out/h.target`, 'utf8')).toContain('Wants=h-env.1.service h-pipe.1.service\n');
    const bad = procmanSync(['export', 'launchd', `${dir}/out2`, '--template', `${dir}/tpl`], hostileDir);
    expect(bad.stderr).toBe(`procman: no launchd templates in ${dir}/tpl\nhint: a launchd template folder holds: process.plist\n`);
  });
});
