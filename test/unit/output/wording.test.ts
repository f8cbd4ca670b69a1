import { describe, expect, it } from 'vitest';
import { describeEvent, describeLogFailure } from '../../../src/output/wording.js';
import type { LogFileEvent } from '../../../src/runtime/events.js';

const failure = (code: string, path = 'logs/web.1.log'): LogFileEvent => ({ kind: 'log-file', name: 'web.1', path, code, at: 0 });

describe('describeLogFailure', () => {
  it.each([
    ['ENOSPC', 'cannot write logs/web.1.log: no space left on the device (ENOSPC); no longer writing it'],
    ['EIO', 'cannot write logs/web.1.log: input/output error (EIO); no longer writing it'],
    ['EDQUOT', 'cannot write logs/web.1.log: disk quota exceeded (EDQUOT); no longer writing it'],
    ['EBADF', 'cannot write logs/web.1.log: EBADF; no longer writing it'],
    ['ETIMEDOUT', 'cannot write logs/web.1.log: it did not take its last lines before procman exited (ETIMEDOUT); they are lost'],
  ])('%s', (code, text) => {
    expect(describeLogFailure(failure(code))).toBe(text);
  });

  it('escapes control characters of the path', () => {
    expect(describeLogFailure(failure('EIO', 'lo\x1b[2Jgs/web.1.log'))).toContain('lo\\x1b[2Jgs/web.1.log');
  });

  it('is a system line on the console', () => {
    expect(describeEvent(failure('ENOSPC'))).toEqual({ name: 'system', text: describeLogFailure(failure('ENOSPC')) });
  });
});
