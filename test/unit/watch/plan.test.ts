import { describe, expect, it } from 'vitest';
import { planWatch } from '../../../src/watch/plan.js';

const ROOT = '/app';
const plan = (rules: Record<string, string[]>) => planWatch(new Map(Object.entries(rules)), ROOT);
const at = (path: string) => `${ROOT}/${path}`;

describe('planWatch: which files restart which types', () => {
  it('a folder: every file under it, at any depth; a file: itself', () => {
    const p = plan({ web: ['src', 'Gemfile'] });
    expect(p.typesOf(at('src/app.js'))).toEqual(['web']);
    expect(p.typesOf(at('src/a/b/c.css'))).toEqual(['web']);
    expect(p.typesOf(at('src/.env.local'))).toEqual(['web']);
    expect(p.typesOf(at('Gemfile'))).toEqual(['web']);
    expect(p.typesOf(at('srcx/app.js'))).toEqual([]); // not under src
    expect(p.typesOf(at('lib/app.js'))).toEqual([]);
  });

  it('a glob: the files it matches below its folder part (picomatch: * and ** skip dotfiles)', () => {
    const p = plan({ web: ['src/**/*.{js,ts}'], worker: ['*.json'] });
    expect(p.typesOf(at('src/app.js'))).toEqual(['web']);
    expect(p.typesOf(at('src/deep/er/x.ts'))).toEqual(['web']);
    expect(p.typesOf(at('src/app.css'))).toEqual([]);
    expect(p.typesOf(at('src/.hidden/x.js'))).toEqual([]);
    expect(p.typesOf(at('package.json'))).toEqual(['worker']);
    expect(p.typesOf(at('config/app.json'))).toEqual([]);
  });

  it('a file several types watch restarts each of them, in Procfile order, once', () => {
    const p = plan({ web: ['src', 'src/**/*.js'], worker: ['.'] });
    expect(p.typesOf(at('src/app.js'))).toEqual(['web', 'worker']);
    expect(p.typesOf(at('README.md'))).toEqual(['worker']);
  });

  it('paths may be absolute, or outside the root; shown relative to the root', () => {
    const p = plan({ web: ['/shared/lib', '../common'] });
    expect(p.typesOf('/shared/lib/x.js')).toEqual(['web']);
    expect(p.typesOf('/common/y.js')).toEqual(['web']);
    expect(p.shown('/shared/lib/x.js')).toBe('../shared/lib/x.js');
    expect(p.shown(at('src/app.js'))).toBe('src/app.js');
  });

  it('watches each base once, none inside another', () => {
    expect(plan({ web: ['src', 'src/lib', 'src/**/*.js'], worker: ['jobs/*.js', 'jobs'] }).roots).toEqual([at('src'), at('jobs')]);
    expect(plan({ web: ['src'], worker: ['*.json'] }).roots).toEqual([ROOT]);
  });
});

describe('planWatch: node_modules and .git are skipped unless named', () => {
  it('below a watched folder or glob, neither is watched nor counted', () => {
    const p = plan({ web: ['.', 'src/**/*.js'] });
    for (const path of ['node_modules', 'node_modules/dep/index.js', '.git', '.git/HEAD', 'src/node_modules/x.js', 'src/a/.git/config']) {
      expect(p.ignored(at(path)), path).toBe(true);
      expect(p.typesOf(at(path)), path).toEqual([]);
    }
    expect(p.ignored(at('src'))).toBe(false);
    expect(p.ignored(at('src/app.js'))).toBe(false);
    expect(p.ignored(at('.gitignore'))).toBe(false);
    expect(p.ignored(at('node_modules_old/x.js'))).toBe(false);
  });

  it('a path that names them watches them; the folders on the way there are kept', () => {
    const p = plan({ web: ['.'], worker: ['node_modules/dep'], clock: ['**/node_modules/**/*.js'] });
    expect(p.ignored(at('node_modules'))).toBe(false); // on the way to node_modules/dep
    expect(p.ignored(at('node_modules/other'))).toBe(false); // clock's glob names node_modules
    expect(p.typesOf(at('node_modules/dep/index.js'))).toEqual(['worker', 'clock']);
    expect(p.typesOf(at('node_modules/other/x.js'))).toEqual(['clock']);
    expect(p.typesOf(at('node_modules/other/x.css'))).toEqual([]);
    expect(p.typesOf(at('app.js'))).toEqual(['web']);
    const only = plan({ worker: ['node_modules/dep'] });
    expect(only.ignored(at('node_modules/other'))).toBe(true); // outside every watched path
    expect(only.ignored(at('node_modules/dep/node_modules/x.js'))).toBe(false); // named by the path
  });
});
