import { describe, expect, it } from 'vitest';
import { chooseColour, makeColourer } from '../../../src/output/colour.js';

describe('chooseColour', () => {
  it.each([
    // flag, env, isTTY, decision
    [false, {}, true, 'off'],
    [false, { FORCE_COLOR: '1' }, true, 'off'],
    [true, {}, false, 'on'],
    [true, { NO_COLOR: '1' }, false, 'on'],
    [undefined, { NO_COLOR: '1' }, true, 'off'],
    [undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, 'off'],
    [undefined, { NO_COLOR: '' }, true, 'detect'],
    [undefined, {}, false, 'off'],
    [undefined, { NO_COLOR: '' }, false, 'off'],
    [undefined, { FORCE_COLOR: '1' }, false, 'detect'],
    [undefined, { FORCE_COLOR: '0' }, false, 'detect'],
    [undefined, { FORCE_COLOR: '' }, false, 'detect'],
    [undefined, {}, true, 'detect'],
    [undefined, { TERM: 'dumb' }, true, 'detect'],
  ] as const)('flag %s, env %j, tty %s -> %s', (flag, env, isTTY, decision) => {
    expect(chooseColour({ flag, env: { ...env }, isTTY })).toBe(decision);
  });
});

describe('makeColourer', () => {
  it('is undefined when colour is off', async () => {
    expect(await makeColourer(['web'], { flag: false, env: {}, isTTY: true })).toBeUndefined();
    expect(await makeColourer(['web'], { flag: undefined, env: {}, isTTY: false })).toBeUndefined();
  });

  it('--color gives each type its palette colour in Procfile order, system bright white', async () => {
    const colour = await makeColourer(['web', 'worker', 'clock'], { flag: true, env: {}, isTTY: false });
    expect(colour).toBeDefined();
    expect(colour?.('web', 'x')).toBe('\x1b[36mx\x1b[39m');
    expect(colour?.('worker', 'x')).toBe('\x1b[33mx\x1b[39m');
    expect(colour?.('clock', 'x')).toBe('\x1b[32mx\x1b[39m');
    expect(colour?.('system', 'x')).toBe('\x1b[97mx\x1b[39m');
    expect(colour?.('unknown', 'x')).toBe('\x1b[36mx\x1b[39m');
  });

  it('the palette wraps after 12 types', async () => {
    const types = Array.from({ length: 13 }, (_, i) => `t${i}`);
    const colour = await makeColourer(types, { flag: true, env: {}, isTTY: false });
    expect(colour?.('t12', 'x')).toBe(colour?.('t0', 'x'));
    expect(colour?.('t11', 'x')).toBe('\x1b[94mx\x1b[39m'); // blueBright
    expect(new Set(types.slice(0, 12).map((t) => colour?.(t, 'x'))).size).toBe(12);
  });
});
