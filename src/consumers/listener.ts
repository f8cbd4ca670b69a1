import type { RuntimeEvent } from '../runtime/events.js';
import type { EventConsumer } from '../runtime/seams.js';

/**
 * An API subscriber. It never holds the processes back. A listener that
 * throws does not break the run: the error is rethrown on its own tick, as
 * an uncaught exception of the program that subscribed.
 */
export function listenerConsumer(listener: (event: RuntimeEvent) => void, { rethrow = rethrowLater } = {}): EventConsumer {
  return {
    write(event) {
      try {
        listener(event);
      } catch (error) {
        rethrow(error);
      }
      return true;
    },
  };
}

function rethrowLater(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}
