import { describe, expect, it } from 'vitest';
import { parseWatch, splitOutsideBraces, watchedPathsByType, watchRulesFrom } from '../../../src/watch/rules.js';

const entries = (rules: ReadonlyMap<string, readonly string[]>) => Object.fromEntries(rules);

describe('parseWatch (the CLI form, also a defaults file)', () => {
  it('TYPE=PATHS, comma-separated; the flag repeated adds types; a type twice adds its paths', () => {
    expect(entries(parseWatch('web=src,lib'))).toEqual({ web: ['src', 'lib'] });
    expect(entries(parseWatch(['web=src', 'worker=jobs', 'web=lib,src']))).toEqual({ web: ['src', 'lib'], worker: ['jobs'] });
  });

  it('`;` separates types in one string; spaces and empty items are dropped', () => {
    expect(entries(parseWatch(' web = src , lib ;worker=jobs;'))).toEqual({ web: ['src', 'lib'], worker: ['jobs'] });
  });

  it("a comma inside a glob's braces belongs to the glob", () => {
    expect(entries(parseWatch('web=src/**/*.{js,ts},views'))).toEqual({ web: ['src/**/*.{js,ts}', 'views'] });
  });

  it('refuses what is not TYPE=PATHS, with a hint', () => {
    for (const value of ['web', 'web=', '=src', 'web=,', '']) {
      expect(() => parseWatch(value), value).toThrow(
        /^(invalid --watch ".*": expected <type>=<paths>, the paths comma-separated|--watch needs <type>=<paths>)$/,
      );
    }
    expect(() => parseWatch('we b=src')).toThrow('invalid process type "we b" for --watch');
    try {
      parseWatch('web');
    } catch (error) {
      expect((error as { hint?: string }).hint).toBe("for example --watch web=src,lib or --watch 'worker=jobs/**/*.js'");
    }
  });
});

describe('watchRulesFrom (the API)', () => {
  it('takes a record of path arrays', () => {
    expect(entries(watchRulesFrom({ web: ['src', 'lib'], worker: ['jobs'] }))).toEqual({ web: ['src', 'lib'], worker: ['jobs'] });
  });

  it('refuses an empty or malformed list, or no type at all', () => {
    expect(() => watchRulesFrom({ web: [] })).toThrow('invalid watch option for "web": expected an array of paths');
    expect(() => watchRulesFrom({ web: 'src' as unknown as string[] })).toThrow('invalid watch option for "web"');
    expect(() => watchRulesFrom({ web: [''] })).toThrow('invalid watch option for "web"');
    expect(() => watchRulesFrom({})).toThrow('the watch option names no process type');
  });
});

describe('watchedPathsByType', () => {
  const types = ['web', 'worker', 'clock'];

  it('in Procfile order; `all` spreads over every type, each adding its own', () => {
    const rules = parseWatch(['worker=jobs', 'all=shared', 'web=src']);
    expect([...watchedPathsByType(rules, types)]).toEqual([
      ['web', ['shared', 'src']],
      ['worker', ['shared', 'jobs']],
      ['clock', ['shared']],
    ]);
    expect([...watchedPathsByType(parseWatch('web=src'), types)]).toEqual([['web', ['src']]]);
  });

  it('a type the Procfile does not have is an error naming the known ones, with a hint', () => {
    expect(() => watchedPathsByType(parseWatch('wbe=src'), types)).toThrow(
      'unknown process type "wbe" for --watch; known: web, worker, clock',
    );
  });
});

describe('splitOutsideBraces', () => {
  it('splits where the separator is outside braces; an escaped one stays', () => {
    expect(splitOutsideBraces('a,{b,c},d', ',')).toEqual(['a', '{b,c}', 'd']);
    expect(splitOutsideBraces('a{b,{c,d}},e', ',')).toEqual(['a{b,{c,d}}', 'e']);
    expect(splitOutsideBraces('a\\,b,c', ',')).toEqual(['a\\,b', 'c']);
    expect(splitOutsideBraces('', ',')).toEqual(['']);
  });
});
