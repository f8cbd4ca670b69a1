import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { TAG_VARIABLE } from './tag.js';

/** Remembers process groups; stops them if procman dies without saying goodbye. */
export interface Watchdog {
  watch(pgid: number): void;
  /**
   * procman is exiting normally with every group stopped: the watchdog
   * leaves quietly. Resolves once it is gone (at most `waitMs` later), so
   * that nothing procman started outlives it, the watchdog included.
   */
  release(options?: { waitMs?: number }): Promise<void>;
}

/**
 * The watchdog script. It reads process-group ids, one a line, from the pipe
 * procman holds. `exit` means procman ended normally. End of file without it
 * means procman died (SIGKILL, a crash, the OOM killer): the kernel closed the
 * pipe. Then every recorded group, and on Linux every process carrying this
 * run's PROCMAN_ID (children spawned before their group was recorded, and
 * descendants that left their group), gets SIGTERM, then SIGKILL after the
 * timeout.
 */
export function watchdogScript({ timeoutSeconds, tag }: { timeoutSeconds: number; tag: string }): string {
  return [
    'groups=""',
    'while IFS= read -r line; do',
    '  case "$line" in',
    '    exit) exit 0 ;;',
    '    *[!0-9]*|"") ;;',
    '    *) groups="$groups -$line" ;;',
    '  esac',
    'done',
    `tagged() { [ -d /proc/self ] && grep -l -a -F -e '${TAG_VARIABLE}=${tag}' /proc/[0-9]*/environ 2>/dev/null | sed -e 's|^/proc/||' -e 's|/environ$||'; }`,
    'signal() { for p in $groups $(tagged); do kill -"$1" "$p" 2>/dev/null; done; }',
    'signal TERM',
    `end=$(( $(date +%s) + ${Math.ceil(Math.max(0, timeoutSeconds))} ))`,
    'while [ "$(date +%s)" -lt "$end" ]; do',
    '  left=""',
    '  for p in $groups $(tagged); do kill -0 "$p" 2>/dev/null && left=1; done',
    '  [ -z "$left" ] && exit 0',
    '  sleep 0.1 2>/dev/null || sleep 1',
    'done',
    'signal KILL',
  ].join('\n');
}

/**
 * Starts the watchdog: a `sh` in its own process group (so a signal to
 * procman's group or the terminal's Ctrl-C does not reach it), reading a pipe
 * from procman. Group ids are written synchronously, so none is lost in a
 * stream buffer if procman is killed while it starts children. It holds
 * neither procman's event loop open nor its output.
 */
export function startWatchdog({ timeoutMs, tag }: { timeoutMs: number; tag: string }): Watchdog {
  let stdin: Writable | undefined;
  let fd: number | undefined;
  let exited: Promise<void> = Promise.resolve();
  try {
    const child = spawn('/bin/sh', ['-c', watchdogScript({ timeoutSeconds: timeoutMs / 1000, tag })], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // not carrying an outer procman's tag: that one would take it for an escaped process
      env: withoutTag(process.env),
    });
    child.on('error', () => {
      stdin = undefined;
      fd = undefined;
    });
    child.unref();
    exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    stdin = child.stdin ?? undefined;
    stdin?.on('error', () => {
      stdin = undefined;
      fd = undefined;
    });
    const handle = (stdin as unknown as { _handle?: { fd?: number; unref?: () => void } })?._handle;
    handle?.unref?.();
    fd = typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : undefined;
  } catch {
    stdin = undefined; // no watchdog: procman still stops its children on every catchable exit
  }
  const send = (text: string) => {
    if (fd !== undefined) {
      try {
        writeSync(fd, text);
        return;
      } catch {
        // EAGAIN (the watchdog is not reading) or closed: fall back to the stream
      }
    }
    stdin?.write(text);
  };
  return {
    watch(pgid) {
      send(`${pgid}\n`);
    },
    async release({ waitMs = 1000 } = {}) {
      send('exit\n');
      stdin?.end();
      stdin = undefined;
      fd = undefined;
      // the timer keeps the event loop up meanwhile (the child and its pipe are unref'd)
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    },
  };
}

function withoutTag(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[TAG_VARIABLE];
  return copy;
}
