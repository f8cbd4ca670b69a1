import type { StopSignal } from '../runtime/events.js';
import type { SignalSource } from '../runtime/seams.js';

const STOP_SIGNALS: StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The real signal source: procman's own SIGINT, SIGTERM and SIGHUP. */
export const processSignals: SignalSource = (handler) => {
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
};
