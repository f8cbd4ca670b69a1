import { describe, expect, it } from 'vitest';
import { errorReply, LineReader, okReply, parseRequest } from '../../../src/control/protocol.js';

describe('parseRequest', () => {
  it('reads each command with its fields and defaults', () => {
    expect(parseRequest('{"v":1,"id":1,"cmd":"status"}')).toEqual({ ok: true, request: { id: 1, cmd: 'status' } });
    expect(parseRequest('{"v":1,"id":"a","cmd":"hello"}')).toEqual({ ok: true, request: { id: 'a', cmd: 'hello' } });
    expect(parseRequest('{"v":1,"id":2,"cmd":"restart","names":["web","worker.1"]}')).toEqual({
      ok: true,
      request: { id: 2, cmd: 'restart', names: ['web', 'worker.1'] },
    });
    expect(parseRequest('{"v":1,"id":3,"cmd":"logs"}')).toEqual({
      ok: true,
      request: { id: 3, cmd: 'logs', names: [], lines: 100, follow: false },
    });
    expect(parseRequest('{"v":1,"id":3,"cmd":"logs","names":["web"],"lines":5,"follow":true}')).toEqual({
      ok: true,
      request: { id: 3, cmd: 'logs', names: ['web'], lines: 5, follow: true },
    });
  });

  it('refuses bad input with a reason, keeping the id when there is one', () => {
    expect(parseRequest('status')).toEqual({ ok: false, id: null, error: 'not JSON: expected one JSON object a line' });
    expect(parseRequest('[1]')).toEqual({ ok: false, id: null, error: 'expected a JSON object' });
    expect(parseRequest('null')).toEqual({ ok: false, id: null, error: 'expected a JSON object' });
    expect(parseRequest('{"id":4,"cmd":"status"}')).toEqual({
      ok: false,
      id: 4,
      error: 'unsupported protocol version none; this procman speaks v 1',
    });
    expect(parseRequest('{"v":2,"id":4,"cmd":"status"}')).toEqual({
      ok: false,
      id: 4,
      error: 'unsupported protocol version 2; this procman speaks v 1',
    });
    expect(parseRequest('{"v":1,"id":5,"cmd":"reboot"}')).toEqual({
      ok: false,
      id: 5,
      error: 'unknown cmd "reboot"; known: hello, status, restart, stop, logs, attach, input, resize',
    });
    expect(parseRequest('{"v":1,"id":6,"cmd":"stop"}')).toEqual({ ok: false, id: 6, error: 'stop needs "names"' });
    expect(parseRequest('{"v":1,"id":6,"cmd":"stop","names":"web"}')).toMatchObject({
      ok: false,
      error: '"names" must be a list of at most 100 process names',
    });
    expect(parseRequest('{"v":1,"id":6,"cmd":"stop","names":[1]}')).toMatchObject({ ok: false });
    expect(parseRequest('{"v":1,"id":7,"cmd":"logs","lines":-1}')).toMatchObject({
      ok: false,
      error: '"lines" must be a whole number from 0 to 100000',
    });
    expect(parseRequest('{"v":1,"id":7,"cmd":"logs","lines":1.5}')).toMatchObject({ ok: false });
    expect(parseRequest('{"v":1,"id":7,"cmd":"logs","follow":"yes"}')).toMatchObject({
      ok: false,
      error: '"follow" must be true or false',
    });
    expect(parseRequest('{"v":1,"id":{"x":1},"cmd":"status"}')).toEqual({ ok: true, request: { id: null, cmd: 'status' } });
  });
});

describe('attach, input and resize', () => {
  it('take a process name; input takes base64 data; resize a size', () => {
    expect(parseRequest('{"v":1,"id":1,"cmd":"attach","name":"web.1"}')).toEqual({
      ok: true,
      request: { id: 1, cmd: 'attach', name: 'web.1' },
    });
    expect(parseRequest('{"v":1,"id":2,"cmd":"input","name":"web.1","data":"aGk="}')).toEqual({
      ok: true,
      request: { id: 2, cmd: 'input', name: 'web.1', data: Buffer.from('hi') },
    });
    expect(parseRequest('{"v":1,"id":3,"cmd":"resize","name":"web.1","cols":80,"rows":24}')).toEqual({
      ok: true,
      request: { id: 3, cmd: 'resize', name: 'web.1', cols: 80, rows: 24 },
    });
    expect(parseRequest('{"v":1,"id":4,"cmd":"attach"}')).toMatchObject({ ok: false, error: 'attach needs "name": a process name' });
    expect(parseRequest('{"v":1,"id":5,"cmd":"input","name":"w","data":"not base64!"}')).toMatchObject({
      ok: false,
      error: '"data" must be base64',
    });
    expect(parseRequest('{"v":1,"id":6,"cmd":"resize","name":"w","cols":0,"rows":24}')).toMatchObject({ ok: false });
  });
});

describe('replies', () => {
  it('are one JSON line with the version and id', () => {
    expect(okReply(1, { pid: 42 })).toBe('{"v":1,"id":1,"ok":true,"pid":42}\n');
    expect(errorReply(null, 'nope')).toBe('{"v":1,"id":null,"ok":false,"error":"nope"}\n');
  });
});

describe('LineReader', () => {
  it('splits lines across chunks, drops \\r before \\n', () => {
    const reader = new LineReader(100);
    expect(reader.push(Buffer.from('ab'))).toEqual([]);
    expect(reader.push(Buffer.from('c\r\nde\nf'))).toEqual([{ line: 'abc' }, { line: 'de' }]);
    expect(reader.push(Buffer.from('\n'))).toEqual([{ line: 'f' }]);
  });

  it('reports a line over the cap once and skips it to its newline, then reads on', () => {
    const reader = new LineReader(4);
    expect(reader.push(Buffer.from('abc'))).toEqual([]);
    expect(reader.push(Buffer.from('defgh'))).toEqual([{ tooLong: true }]);
    expect(reader.push(Buffer.from('ijk'))).toEqual([]);
    expect(reader.push(Buffer.from('l\nok\n'))).toEqual([{ line: 'ok' }]);
    expect(reader.push(Buffer.from('abcd\n'))).toEqual([{ line: 'abcd' }]);
  });
});
