import { describe, expect, it } from 'vitest';
import { parseFormation, parsePort } from '../../../src/project/formation.js';
import { caught } from '../caught.js';

describe('parseFormation', () => {
  it('reads type=count pairs', () => {
    expect(parseFormation('all=1,web=2,worker=0')).toEqual(
      new Map([
        ['all', 1],
        ['web', 2],
        ['worker', 0],
      ]),
    );
  });

  it('allows spaces around the pairs and empty pairs', () => {
    expect([...parseFormation(' web=2 , worker=1 ,,')]).toEqual([
      ['web', 2],
      ['worker', 1],
    ]);
  });

  it('an empty string is an empty formation', () => {
    expect(parseFormation('').size).toBe(0);
  });

  it('reads leading zeros as decimal', () => {
    expect(parseFormation('web=010').get('web')).toBe(10);
  });

  it.each([['web=x'], ['web'], ['web=-1'], ['web=1.5'], ['=2'], ['web = 2'], ['web.1=2']])('rejects %j', (item) => {
    const error = caught(() => parseFormation(`all=1,${item}`));
    expect(error.message).toBe(`invalid formation "${item}": expected <type>=<count>`);
    expect(error.hint).toBe('for example -m all=1,web=2,worker=0');
  });

  it('allows 1000 of one type, not 1001', () => {
    expect(parseFormation('web=1000').get('web')).toBe(1000);
    const error = caught(() => parseFormation('web=1001'));
    expect(error.message).toBe('invalid formation "web=1001": at most 1000 processes of one type');
  });

  it('rejects a count too large for a number without overflowing', () => {
    expect(() => parseFormation('web=99999999999999999999999')).toThrow(
      'invalid formation "web=99999999999999999999999": at most 1000 processes of one type',
    );
  });
});

describe('parsePort', () => {
  it('reads a port', () => {
    expect(parsePort('5000', '-p/--port')).toBe(5000);
    expect(parsePort('1', '-p/--port')).toBe(1);
    expect(parsePort('65535', '-p/--port')).toBe(65535);
    expect(parsePort(' 8080 ', 'PORT in the environment')).toBe(8080);
  });

  it.each([['abc'], [''], ['-1'], ['50.5'], ['5e3'], ['0x50']])('rejects %j as not a number', (value) => {
    expect(caught(() => parsePort(value, '-p/--port')).message).toBe(
      `invalid port "${value}" from -p/--port: expected a number from 1 to 65535`,
    );
  });

  it.each([
    ['0', 0],
    ['70000', 70000],
    ['65536', 65536],
  ])('rejects %j as out of range', (value, port) => {
    expect(caught(() => parsePort(value, 'PORT in the env files')).message).toBe(
      `invalid port ${port} from PORT in the env files: expected a number from 1 to 65535`,
    );
  });
});
