import { describe, expect, it } from 'vitest';
import { formatPlainLine, PlainPrinter } from '../../../src/output/plain.js';
import type { RuntimeEvent } from '../../../src/runtime/events.js';

const AT = 0;

function printer() {
  const chunks: Buffer[] = [];
  const plain = new PlainPrinter({ write: (chunk) => chunks.push(Buffer.from(chunk)) > 0 });
  return { plain, bytes: () => Buffer.concat(chunks), text: () => Buffer.concat(chunks).toString('latin1') };
}

describe('PlainPrinter (--no-prefix)', () => {
  it('prints output lines exactly as written: no time, name, mark or colour; stderr too', () => {
    const p = printer();
    const data = Buffer.from([0x61, 0xff, 0x0d, 0x1b, 0x5b, 0x6d, 0x0a, 0x0a]);
    p.plain.write({ kind: 'line', name: 'web.1', stream: 'stdout', bytes: data, continuation: false, at: AT });
    p.plain.write({ kind: 'line', name: 'web.1', stream: 'stderr', bytes: Buffer.from('err\n'), continuation: true, at: AT });
    expect(p.bytes()).toEqual(Buffer.concat([data, Buffer.from('err\n')]));
  });

  it("prints procman's own lines as plain text led by procman:, naming the process", () => {
    const p = printer();
    const events: RuntimeEvent[] = [
      { kind: 'state', name: 'web.1', from: 'starting', to: 'running', pid: 4156, at: AT },
      { kind: 'shutdown', phase: 'begin', cause: 'signal', signal: 'SIGINT', at: AT },
      { kind: 'shutdown', phase: 'term', names: ['web.1'], signal: 'SIGTERM', all: true, at: AT },
      { kind: 'state', name: 'web.1', from: 'running', to: 'stopping', pid: 4156, at: AT },
      { kind: 'state', name: 'web.1', from: 'stopping', to: 'exited', pid: 4156, status: { code: null, signal: 'SIGTERM' }, at: AT },
      { kind: 'log-file', name: 'web.1', path: 'logs/web.1.log', code: 'ENOSPC', at: AT },
    ];
    for (const event of events) p.plain.write(event);
    expect(p.text()).toBe(
      [
        'procman: web.1 started with pid 4156',
        'procman: SIGINT received, starting shutdown',
        'procman: sending SIGTERM to all processes',
        'procman: web.1 terminated by SIGTERM',
        'procman: cannot write logs/web.1.log: no space left on the device (ENOSPC); no longer writing it',
        '',
      ].join('\n'),
    );
  });

  it('formatPlainLine', () => {
    expect(formatPlainLine('worker.2', 'exited with code 3')).toBe('procman: worker.2 exited with code 3\n');
    expect(formatPlainLine('system', 'output closed, stopping')).toBe('procman: output closed, stopping\n');
  });
});
