import type { Watchdog } from '../os/watchdog.js';
import type { EventConsumer } from '../runtime/seams.js';

/** Tells the watchdog each process group as it starts (restarts included), so it can stop them if procman dies. */
export function watchdogFeed(watchdog: Pick<Watchdog, 'watch'>): EventConsumer {
  return {
    write(event) {
      if (event.kind === 'state' && event.to === 'running' && event.pid) watchdog.watch(event.pid);
      return true;
    },
  };
}
