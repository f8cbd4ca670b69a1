import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../../src/output/lane.js';

type Callback = (error: NodeJS.ErrnoException | null, written: number) => void;

describe('oneAtATime', () => {
  it('keeps at most one write in flight across every caller, in order', () => {
    const inFlight: Array<{ fd: number; data: string; callback: Callback }> = [];
    const write = oneAtATime((fd, buffer, callback) => inFlight.push({ fd, data: buffer.toString(), callback }));
    const done: string[] = [];
    write(3, Buffer.from('a'), (error, n) => done.push(`a ${error} ${n}`));
    write(4, Buffer.from('b'), (error, n) => done.push(`b ${error} ${n}`));
    write(3, Buffer.from('c'), (error, n) => done.push(`c ${error} ${n}`));
    expect(inFlight.map((w) => w.data)).toEqual(['a']);
    inFlight[0]?.callback(null, 1);
    expect(inFlight.map((w) => `${w.fd}:${w.data}`)).toEqual(['3:a', '4:b']);
    const failure = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    inFlight[1]?.callback(failure, 0);
    expect(inFlight.map((w) => w.data)).toEqual(['a', 'b', 'c']);
    inFlight[2]?.callback(null, 1);
    expect(done).toEqual(['a null 1', 'b Error: ENOSPC 0', 'c null 1']);
    // idle again: the next write starts at once
    write(5, Buffer.from('d'), () => {});
    expect(inFlight.map((w) => w.data)).toEqual(['a', 'b', 'c', 'd']);
  });
});
