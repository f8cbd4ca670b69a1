import { describe, expect, it } from 'vitest';
import { parseEnvList } from '../../../src/options.js';
import { resolvePaths } from '../../../src/project/paths.js';

const cwd = '/home/me/other';

describe('resolvePaths: -f, -d and -e as Foreman 0.87.2 reads them', () => {
  it('without flags: ./Procfile, the current folder as root, ./.env', () => {
    expect(resolvePaths({ cwd })).toEqual({
      procfile: '/home/me/other/Procfile',
      procfileShown: 'Procfile',
      root: '/home/me/other',
      envFiles: undefined,
      defaultEnvFile: '/home/me/other/.env',
    });
  });

  it('-d alone: DIR/Procfile and DIR/.env, named as given', () => {
    expect(resolvePaths({ root: '../app', cwd })).toEqual({
      procfile: '/home/me/app/Procfile',
      procfileShown: '../app/Procfile',
      root: '/home/me/app',
      envFiles: undefined,
      defaultEnvFile: '/home/me/app/.env',
    });
    expect(resolvePaths({ root: '/srv/app/', cwd })).toMatchObject({
      procfile: '/srv/app/Procfile',
      procfileShown: '/srv/app/Procfile',
      root: '/srv/app',
    });
  });

  it('-f alone: the Procfile relative to the current folder, its folder the root', () => {
    expect(resolvePaths({ procfile: '../app/Procfile.dev', cwd })).toMatchObject({
      procfile: '/home/me/app/Procfile.dev',
      procfileShown: '../app/Procfile.dev',
      root: '/home/me/app',
      defaultEnvFile: '/home/me/app/.env',
    });
  });

  it('-f with -d: each relative to the current folder', () => {
    expect(resolvePaths({ procfile: 'Procfile.dev', root: '../app', cwd })).toMatchObject({
      procfile: '/home/me/other/Procfile.dev',
      procfileShown: 'Procfile.dev',
      root: '/home/me/app',
      defaultEnvFile: '/home/me/app/.env',
    });
  });

  it('-e: relative to the current folder, whatever -d says', () => {
    expect(resolvePaths({ root: '../app', env: parseEnvList('.env, local.env'), cwd }).envFiles).toEqual([
      '/home/me/other/.env',
      '/home/me/other/local.env',
    ]);
  });
});
