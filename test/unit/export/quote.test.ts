import { describe, expect, it } from 'vitest';
import { duration, shQuote, wholeSeconds, xmlText, yamlQuote } from '../../../src/export/quote.js';
import { environmentPair, fitsEnvironment, supervisordPlain, supervisordWord } from '../../../src/export/supervisord-quote.js';
import { systemdExecWord, systemdPath, systemdWord } from '../../../src/export/systemd-quote.js';

describe('shQuote', () => {
  it.each([
    ['plain', `'plain'`],
    [`it's`, `'it'\\''s'`],
    ['$HOME `id` "x" \\', `'$HOME \`id\` "x" \\'`],
    ['a\nb', `'a\nb'`],
    ['', `''`],
  ])('%j -> %s', (value, quoted) => expect(shQuote(value)).toBe(quoted));
});

describe('xmlText', () => {
  it('escapes markup and keeps carriage returns as a reference', () => {
    expect(xmlText('<a href="x">&amp;</a> ]]>\r\n\t', 'v')).toBe('&lt;a href="x"&gt;&amp;amp;&lt;/a&gt; ]]&gt;&#13;\n\t');
  });
  it('refuses control characters XML cannot hold', () => {
    expect(() => xmlText('a\u0001b', 'value of X')).toThrow(
      'value of X "a\\u0001b" cannot be exported to launchd: XML cannot hold this control character',
    );
  });
});

describe('yamlQuote', () => {
  it.each([
    ['yes', '"yes"'],
    ['a "b" \\ c', '"a \\"b\\" \\\\ c"'],
    ['l1\nl2\r\tx', '"l1\\nl2\\r\\tx"'],
    ['\u0085\u2028\u0000\u007f', '"\\u0085\\u2028\\u0000\\u007f"'],
    ['café # not: a comment', '"café # not: a comment"'],
  ])('%j -> %s', (value, quoted) => expect(yamlQuote(value)).toBe(quoted));
});

describe('time values', () => {
  it('rounds up to whole seconds with a minimum', () => {
    expect([wholeSeconds(0), wholeSeconds(0, 1), wholeSeconds(2500), wholeSeconds(5000)]).toEqual([0, 1, 3, 5]);
  });
  it('writes durations in s or ms', () => expect([duration(5000), duration(2500), duration(1)]).toEqual(['5s', '2500ms', '1ms']));
});

describe('systemd quoting', () => {
  it('escapes backslash, quote, newline, tab and %', () => {
    expect(systemdWord('K=a\\b "c"\nd\t100%', 'v')).toBe('"K=a\\\\b \\"c\\"\\nd\\t100%%"');
  });
  it('leaves $ alone in Environment= but doubles it in ExecStart=', () => {
    expect(systemdWord('$HOME', 'v')).toBe('"$HOME"');
    expect(systemdExecWord('echo $HOME ${X} $$', 'v')).toBe('"echo $$HOME $${X} $$$$"');
  });
  it('refuses control characters other than tab and newline', () => {
    expect(() => systemdWord('a\rb', 'value of X')).toThrow(
      'value of X "a\\rb" cannot be exported to systemd: a control character other than tab or newline',
    );
  });
  it('escapes % in paths and refuses what a path setting cannot hold', () => {
    expect(systemdPath('/srv/100% app', 'root')).toBe('/srv/100%% app');
    expect(() => systemdPath('/srv/a"b', 'root directory')).toThrow('root directory "/srv/a\\"b" cannot be exported to systemd');
    expect(() => systemdPath('/srv/a ', 'root directory')).toThrow('cannot be exported to systemd');
  });
});

describe('supervisord quoting', () => {
  it.each([
    ['exec node web.js', `'exec node web.js'`],
    [`it's`, `'it'"'"'s'`],
    ['a ;b #c', `'a '';b ''#c'`],
    ['100% %(here)s', `'100%% %%''(here)s'`],
    ['one\ntwo', `'one'"\n  "'two'`],
  ])('command word %j -> %s', (value, quoted) => expect(supervisordWord(value, 'v')).toBe(quoted));

  it('refuses a carriage return anywhere', () => {
    expect(() => supervisordWord('a\rb', 'value of X')).toThrow(
      'value of X "a\\rb" cannot be exported to supervisord: its config cannot hold a carriage return',
    );
  });

  it.each([
    ['plain value', true],
    [`say "hi" now`, true],
    [`it's`, true],
    ['a,B=c', true],
    ['x;y#z', true],
    [`both " and '`, false],
    [`"edge"`, false],
    [`'edge`, false],
    ['a\nb', false],
    ['a ;b', false],
    ['a #b', false],
    ['%(here)s', false],
  ])('environment= carries %j exactly: %s', (value, fits) => expect(fitsEnvironment(value)).toBe(fits));

  it('writes environment pairs with the quote the value does not hold, % doubled', () => {
    expect(environmentPair('A', 'x,y=1 100%')).toBe('A="x,y=1 100%%"');
    expect(environmentPair('B', 'say "hi"')).toBe(`B='say "hi"'`);
  });

  it('doubles % in plain values and refuses what configparser would change', () => {
    expect(supervisordPlain('/var/log/100%', 'log')).toBe('/var/log/100%%');
    expect(() => supervisordPlain('/a ;b', 'log directory')).toThrow('log directory "/a ;b" cannot be exported to supervisord');
    expect(() => supervisordPlain(' /a', 'log directory')).toThrow('cannot be exported to supervisord');
  });
});
