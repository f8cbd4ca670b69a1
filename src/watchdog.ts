import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

/** Remembers process groups; stops them if procman dies without saying goodbye. */
export interface Watchdog {
  watch(pgid: number): void;
  /** procman is exiting normally with every group stopped: the watchdog leaves quietly */
  release(): void;
}

/**
 * The watchdog script. It reads process-group ids, one a line, from the pipe
 * procman holds. `exit` means procman ended normally. End of file without it
 * means procman died (SIGKILL, a crash, the OOM killer): the kernel closed the
 * pipe. Then every recorded group gets SIGTERM, and SIGKILL after the timeout.
 */
export function watchdogScript(timeoutSeconds: number): string {
  const wait = Math.max(0, timeoutSeconds).toFixed(1);
  return [
    'groups=""',
    'while IFS= read -r line; do',
    '  case "$line" in',
    '    exit) exit 0 ;;',
    '    *[!0-9]*|"") ;;',
    '    *) groups="$groups $line" ;;',
    '  esac',
    'done',
    'for g in $groups; do kill -TERM -"$g" 2>/dev/null; done',
    'left=""',
    `end=$(( $(date +%s) + ${Math.ceil(Number(wait))} ))`,
    'while :; do',
    '  left=""',
    '  for g in $groups; do kill -0 -"$g" 2>/dev/null && left="$left $g"; done',
    '  [ -z "$left" ] && exit 0',
    '  [ "$(date +%s)" -ge "$end" ] && break',
    '  sleep 0.1 2>/dev/null || sleep 1',
    'done',
    'for g in $left; do kill -KILL -"$g" 2>/dev/null; done',
  ].join('\n');
}

/**
 * Starts the watchdog: a `sh` in its own process group (so a signal to
 * procman's group or the terminal's Ctrl-C does not reach it), reading a pipe
 * from procman. It neither holds procman's event loop open nor its output.
 */
export function startWatchdog({ timeoutMs }: { timeoutMs: number }): Watchdog {
  let stdin: Writable | undefined;
  try {
    const child = spawn('/bin/sh', ['-c', watchdogScript(timeoutMs / 1000)], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.on('error', () => {
      stdin = undefined;
    });
    child.unref();
    stdin = child.stdin ?? undefined;
    stdin?.on('error', () => {
      stdin = undefined;
    });
    (stdin as unknown as { unref?: () => void })?.unref?.();
  } catch {
    stdin = undefined; // no watchdog: procman still stops its children on every catchable exit
  }
  return {
    watch(pgid) {
      stdin?.write(`${pgid}\n`);
    },
    release() {
      stdin?.end('exit\n');
      stdin = undefined;
    },
  };
}
