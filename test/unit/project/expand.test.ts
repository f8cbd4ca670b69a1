import { describe, expect, it } from 'vitest';
import { expandFile, expandValue, referencesIn } from '../../../src/project/expand.js';

describe('expandValue (dotenv-expand, with procman precedence)', () => {
  const scope = { HOME: '/home/me', HOST: 'db', EMPTY: '', DOLLARS: 'p$ss $HOME \\$x', PATH: '/bin' };

  it.each([
    ['postgres://${HOST}:5432/app', 'postgres://db:5432/app'],
    ['$HOME/bin', '/home/me/bin'],
    ['${NOPE:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${NOPE-fallback}', 'fallback'],
    ['${HOST:+set}', 'set'],
    ['${NOPE:+set}', ''],
    ['${NOPE:-${HOST}}', 'db'],
    ['${NOPE}', ''],
    ['${PATH}:/usr/local/bin', '/bin:/usr/local/bin'],
    ['\\$HOME costs \\$5', '$HOME costs $5'],
  ])('%j becomes %j', (value, expected) => {
    expect(expandValue(value, scope)).toBe(expected);
  });

  it.each([['$$'], ['$(id)'], ['`id`'], ['$1'], ['cost: 5$'], ['${{Postgres.DATABASE_URL}}'], ['no dollar at all']])(
    '%j is not a reference and stays',
    (value) => {
      expect(expandValue(value, scope)).toBe(value);
    },
  );

  it('what a reference brings in is literal: its own $ are not expanded again', () => {
    expect(expandValue('${DOLLARS}', scope)).toBe('p$ss $HOME \\$x');
    expect(expandValue('[$DOLLARS]', scope)).toBe('[p$ss $HOME \\$x]');
  });
});

describe('referencesIn', () => {
  it('finds braced and bare references, with or without an operator, not after a backslash', () => {
    expect(referencesIn('${A} $B ${C:-d} ${E+f} \\$G $$ $1')).toEqual([
      { name: 'A', shown: '${A}', operator: false },
      { name: 'B', shown: '$B', operator: false },
      { name: 'C', shown: '${C:-…}', operator: true },
      { name: 'E', shown: '${E+…}', operator: true },
    ]);
  });
});

describe('expandFile', () => {
  it('a value sees the ones above it, its own name from the scope (PATH=$PATH:...), not the ones below', () => {
    const parsed = { A: '1', B: '${A}${C}', PATH: '$PATH:/x', C: '3' };
    const assignments = Object.keys(parsed).map((name, i) => ({ name, line: i + 1, quote: undefined }));
    const { env, warnings } = expandFile(parsed, { file: '.env', assignments, scope: { PATH: '/bin', C: 'env' }, expand: true });
    expect(env).toEqual({ A: '1', B: '1env', PATH: '/bin:/x', C: '3' });
    expect(warnings).toEqual([]);
  });

  it('the last line of a name gives its quote, as dotenv keeps the last value', () => {
    const parsed = { A: '$HOME' };
    const assignments = [
      { name: 'A', line: 1, quote: undefined },
      { name: 'A', line: 2, quote: "'" },
    ];
    expect(expandFile(parsed, { file: '.env', assignments, scope: { HOME: '/h' }, expand: true }).env).toEqual({ A: '$HOME' });
  });
});
