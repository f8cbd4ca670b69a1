import { describe, expect, it } from 'vitest';
import { firstExitStopsAll } from '../../../../src/runtime/policies/first-exit.js';
import {
  backoffDelay,
  ExitCodeRule,
  exitCodeOf,
  foremanPolicies,
  lifecyclePolicies,
  type PolicyInput,
} from '../../../../src/runtime/policies/index.js';
import { restartOnExit } from '../../../../src/runtime/policies/restart.js';
import { signalStops } from '../../../../src/runtime/policies/signals.js';
import { stopRequestsStop } from '../../../../src/runtime/policies/stop-requests.js';
import { waitForChange } from '../../../../src/runtime/policies/watch.js';

const exit = (
  name: string,
  code: number | null,
  { intended = false, signal = null as NodeJS.Signals | null, uptimeMs = 100 } = {},
): Extract<PolicyInput, { kind: 'exit' }> => ({
  kind: 'exit',
  name,
  type: name.split('.')[0] ?? name,
  status: { code, signal },
  intended,
  uptimeMs,
});
const running = { stopping: false };
const stopping = { stopping: true };

describe('firstExitStopsAll', () => {
  it('an exit while running stops everything, naming the process', () => {
    expect(firstExitStopsAll().decide(exit('web.1', 0), running)).toEqual([{ kind: 'shutdown', cause: 'exit', name: 'web.1' }]);
    expect(firstExitStopsAll().decide(exit('web.1', 3), running)).toEqual([{ kind: 'shutdown', cause: 'exit', name: 'web.1' }]);
  });

  it('ignores exits during a shutdown, exits it asked for (a restart), and other inputs', () => {
    expect(firstExitStopsAll().decide(exit('web.1', 0), stopping)).toEqual([]);
    expect(firstExitStopsAll().decide(exit('web.1', null, { intended: true, signal: 'SIGTERM' }), running)).toEqual([]);
    expect(firstExitStopsAll().decide({ kind: 'signal', signal: 'SIGINT' }, running)).toEqual([]);
  });
});

describe('signalStops', () => {
  it('a signal starts a shutdown; one during a shutdown kills at once', () => {
    expect(signalStops.decide({ kind: 'signal', signal: 'SIGHUP' }, running)).toEqual([
      { kind: 'shutdown', cause: 'signal', signal: 'SIGHUP' },
    ]);
    expect(signalStops.decide({ kind: 'signal', signal: 'SIGINT' }, stopping)).toEqual([{ kind: 'kill-now', signal: 'SIGINT' }]);
    expect(signalStops.decide(exit('web.1', 1), running)).toEqual([]);
  });
});

describe('stopRequestsStop', () => {
  it('our output closing, or the API, stops everything', () => {
    expect(stopRequestsStop.decide({ kind: 'output-closed' }, running)).toEqual([{ kind: 'shutdown', cause: 'output-closed' }]);
    expect(stopRequestsStop.decide({ kind: 'stop' }, running)).toEqual([{ kind: 'shutdown', cause: 'stop' }]);
    expect(stopRequestsStop.decide(exit('web.1', 1), running)).toEqual([]);
  });
});

describe('foremanPolicies', () => {
  it('in any order, they decide the same', () => {
    const inputs: PolicyInput[] = [exit('web.1', 2), { kind: 'signal', signal: 'SIGTERM' }, { kind: 'output-closed' }, { kind: 'stop' }];
    for (const input of inputs) {
      for (const context of [running, stopping]) {
        const forward = foremanPolicies.flatMap((p) => p.decide(input, context));
        const backward = [...foremanPolicies].reverse().flatMap((p) => p.decide(input, context));
        expect(backward).toEqual(forward);
      }
    }
  });
});

describe('ExitCodeRule', () => {
  const run = (steps: Array<['observe', PolicyInput, boolean] | ['began', 'exit' | 'signal' | 'output-closed' | 'stop']>) => {
    const rule = new ExitCodeRule();
    for (const step of steps) {
      if (step[0] === 'observe') rule.observe(step[1], { stopping: step[2] });
      else rule.began(step[1]);
    }
    return rule.code();
  };

  it('the code of the exit that began the shutdown; later exits do not change it', () => {
    expect(
      run([
        ['observe', exit('web.1', 3), false],
        ['began', 'exit'],
        ['observe', exit('worker.1', 0), true],
      ]),
    ).toBe(3);
    expect(
      run([
        ['observe', exit('web.1', 0), false],
        ['began', 'exit'],
        ['observe', exit('worker.1', 1), true],
      ]),
    ).toBe(0);
  });

  it('0 when the user stopped the run, whatever the processes said', () => {
    expect(
      run([
        ['observe', { kind: 'signal', signal: 'SIGINT' }, false],
        ['began', 'signal'],
        ['observe', exit('web.1', 130), true],
      ]),
    ).toBe(0);
    expect(run([['began', 'output-closed']])).toBe(0);
    expect(run([['began', 'stop']])).toBe(0);
  });

  it('a signal after an exit began the shutdown keeps the exit code', () => {
    expect(
      run([
        ['observe', exit('web.1', 4), false],
        ['began', 'exit'],
        ['began', 'signal'],
      ]),
    ).toBe(4);
  });

  it('without a shutdown: the first failure, else 0; exits asked for do not count', () => {
    expect(
      run([
        ['observe', exit('a.1', 0), false],
        ['observe', exit('b.1', 2), false],
        ['observe', exit('c.1', 5), false],
      ]),
    ).toBe(2);
    expect(run([['observe', exit('a.1', 0), false]])).toBe(0);
    expect(run([['observe', exit('a.1', null, { intended: true, signal: 'SIGTERM' }), false]])).toBe(0);
    expect(run([])).toBe(0);
  });

  it('exitCodeOf: the code, 128 + n for signal n, 1 for neither', () => {
    expect(exitCodeOf({ code: 7, signal: null })).toBe(7);
    expect(exitCodeOf({ code: null, signal: 'SIGTERM' })).toBe(143);
    expect(exitCodeOf({ code: null, signal: 'SIGKILL' })).toBe(137);
    expect(exitCodeOf({ code: null, signal: null })).toBe(1);
  });
});

describe('firstExitStopsAll with exemptions', () => {
  it('an exempt exit stops nothing; others still do', () => {
    const policy = firstExitStopsAll(({ type }) => type === 'migrate');
    expect(policy.decide(exit('migrate.1', 1), running)).toEqual([]);
    expect(policy.decide(exit('web.1', 0), running)).toEqual([{ kind: 'shutdown', cause: 'exit', name: 'web.1' }]);
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s up to a cap of 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffDelay(3, { firstMs: 10, capMs: 25, resetAfterMs: 0 })).toBe(25);
  });
});

describe('restartOnExit', () => {
  const backoff = { firstMs: 1000, capMs: 30_000, resetAfterMs: 10_000 };

  it('on-failure: a failure restarts, attempt after attempt with a doubling delay; a clean exit does not', () => {
    const policy = restartOnExit(new Map([['worker', 'on-failure']]), backoff);
    expect(policy.decide(exit('worker.1', 1), running)).toEqual([{ kind: 'restart', name: 'worker.1', delayMs: 1000, attempt: 1 }]);
    expect(policy.decide(exit('worker.1', null, { signal: 'SIGSEGV' }), running)).toEqual([
      { kind: 'restart', name: 'worker.1', delayMs: 2000, attempt: 2 },
    ]);
    expect(policy.decide(exit('worker.1', 2), running)).toEqual([{ kind: 'restart', name: 'worker.1', delayMs: 4000, attempt: 3 }]);
    expect(policy.decide(exit('worker.1', 0), running)).toEqual([]);
    // each process counts its own attempts
    expect(policy.decide(exit('worker.2', 1), running)).toEqual([{ kind: 'restart', name: 'worker.2', delayMs: 1000, attempt: 1 }]);
  });

  it('the backoff starts again once a process stayed up long enough', () => {
    const policy = restartOnExit(new Map([['worker', 'on-failure']]), backoff);
    policy.decide(exit('worker.1', 1), running);
    policy.decide(exit('worker.1', 1), running);
    expect(policy.decide(exit('worker.1', 1, { uptimeMs: 10_000 }), running)).toEqual([
      { kind: 'restart', name: 'worker.1', delayMs: 1000, attempt: 1 },
    ]);
  });

  it('always: a clean exit restarts too; `all` applies to every type not named', () => {
    const policy = restartOnExit(
      new Map([
        ['all', 'always'],
        ['web', 'on-failure'],
      ]),
      backoff,
    );
    expect(policy.decide(exit('clock.1', 0), running)).toEqual([{ kind: 'restart', name: 'clock.1', delayMs: 1000, attempt: 1 }]);
    expect(policy.decide(exit('web.1', 0), running)).toEqual([]);
  });

  it('leaves types it does not name, exits it asked for, and exits during a shutdown alone', () => {
    const policy = restartOnExit(new Map([['worker', 'always']]), backoff);
    expect(policy.decide(exit('web.1', 1), running)).toEqual([]);
    expect(policy.decide(exit('worker.1', 1, { intended: true }), running)).toEqual([]);
    expect(policy.decide(exit('worker.1', 1), stopping)).toEqual([]);
  });
});

describe('lifecyclePolicies', () => {
  const decide = (policies: ReturnType<typeof lifecyclePolicies>, input: PolicyInput) => policies.flatMap((p) => p.decide(input, running));

  it('without options, Foreman: the first exit stops everything', () => {
    expect(decide(lifecyclePolicies(), exit('web.1', 0))).toEqual([{ kind: 'shutdown', cause: 'exit', name: 'web.1' }]);
  });

  it('a can-die exit stops nothing, and is not restarted', () => {
    const policies = lifecyclePolicies({ canDie: new Set(['migrate']) });
    expect(decide(policies, exit('migrate.1', 1))).toEqual([]);
    expect(decide(lifecyclePolicies({ canDie: new Set(['all']) }), exit('web.1', 1))).toEqual([]);
  });

  it('a restarted type: a failure is restarted, a clean on-failure exit is done; neither stops the others', () => {
    const policies = lifecyclePolicies({ restart: new Map([['worker', 'on-failure']]) });
    expect(decide(policies, exit('worker.1', 1))).toEqual([{ kind: 'restart', name: 'worker.1', delayMs: 1000, attempt: 1 }]);
    expect(decide(policies, exit('worker.1', 0))).toEqual([]);
    expect(decide(policies, exit('web.1', 1))).toEqual([{ kind: 'shutdown', cause: 'exit', name: 'web.1' }]);
  });
});

describe('waitForChange (--watch)', () => {
  it('a watched type that exits by itself, failing or not, is held for the next change; `all` holds every type', () => {
    const policy = waitForChange(new Set(['web']));
    expect(policy.decide(exit('web.1', 1), running)).toEqual([{ kind: 'hold', name: 'web.1' }]);
    expect(policy.decide(exit('web.2', 0), running)).toEqual([{ kind: 'hold', name: 'web.2' }]);
    expect(policy.decide(exit('worker.1', 1), running)).toEqual([]);
    expect(waitForChange(new Set(['all'])).decide(exit('worker.1', 1), running)).toEqual([{ kind: 'hold', name: 'worker.1' }]);
  });

  it('leaves exits it asked for (a restart), exits during a shutdown and other inputs alone', () => {
    const policy = waitForChange(new Set(['web']));
    expect(policy.decide(exit('web.1', null, { intended: true, signal: 'SIGTERM' }), running)).toEqual([]);
    expect(policy.decide(exit('web.1', 1), stopping)).toEqual([]);
    expect(policy.decide({ kind: 'signal', signal: 'SIGINT' }, running)).toEqual([]);
  });
});

describe('lifecyclePolicies with watch', () => {
  const decide = (policies: ReturnType<typeof lifecyclePolicies>, input: PolicyInput) => policies.flatMap((p) => p.decide(input, running));

  it("a watched type's exit stops nothing and is held; an unwatched type's still stops everything", () => {
    const policies = lifecyclePolicies({ watch: new Set(['web']) });
    expect(decide(policies, exit('web.1', 1))).toEqual([{ kind: 'hold', name: 'web.1' }]);
    expect(decide(policies, exit('worker.1', 1))).toEqual([{ kind: 'shutdown', cause: 'exit', name: 'worker.1' }]);
  });

  it('with --restart naming the type too, the restart applies as usual (and the process is held)', () => {
    const policies = lifecyclePolicies({ watch: new Set(['web']), restart: new Map([['web', 'on-failure']]) });
    expect(decide(policies, exit('web.1', 1))).toEqual([
      { kind: 'restart', name: 'web.1', delayMs: 1000, attempt: 1 },
      { kind: 'hold', name: 'web.1' },
    ]);
    // an on-failure type that exits 0 is not restarted: it waits for a change
    expect(decide(policies, exit('web.1', 0))).toEqual([{ kind: 'hold', name: 'web.1' }]);
  });
});
