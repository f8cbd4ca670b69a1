import { LogLines, lineMatches } from '../consumers/log-lines.js';
import { LogRing } from '../consumers/ring.js';
import { ProcmanError } from '../errors.js';
import { terminalOf } from '../os/pty.js';
import type { ProcessSpec } from '../project/ports.js';
import type { Fanout } from '../runtime/fanout.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ControlTarget } from './server.js';

export interface TargetParts {
  specs: readonly ProcessSpec[];
  runtime: Pick<Runtime, 'status' | 'restart' | 'stopOne'>;
  fanout: Pick<Fanout, 'add'>;
  procfile: string;
  timestamps: boolean;
  pid?: number;
}

/**
 * The running procman as the control socket sees it: status, restart and
 * stop by name, and the log ring (added to the fanout here, so a run without
 * control keeps no ring). Every follower is a consumer of its own that never
 * holds the processes back: a slow one misses lines and is told how many.
 */
export function controlTarget({ specs, runtime, fanout, procfile, timestamps, pid = process.pid }: TargetParts): ControlTarget {
  const names = specs.map((s) => s.name);
  const ring = new LogRing(new LogLines({ names, timestamps }));
  fanout.add(ring);
  /** the process names these names mean, or an error listing the known ones */
  const resolve = (asked: readonly string[]): string[] => {
    for (const name of asked) {
      if (!specs.some((s) => s.name === name || s.type === name)) {
        throw new ProcmanError(`unknown process "${name}"; known: ${names.join(', ')}`);
      }
    }
    return specs.filter((s) => asked.includes(s.name) || asked.includes(s.type)).map((s) => s.name);
  };
  /** the one process a name means, on a pty */
  const terminal = (name: string) => {
    const chosen = resolve([name]);
    if (chosen.length !== 1) throw new ProcmanError(`"${name}" is ${chosen.length} processes; attach to one: ${chosen.join(', ')}`);
    const one = chosen[0] as string;
    const found = terminalOf(one);
    if (!found) {
      const type = specs.find((s) => s.name === one)?.type ?? name;
      throw new ProcmanError(`${one} is not on a terminal: start procman with --tty ${type} (or --tty for every type) to attach to it`);
    }
    return { name: one, terminal: found };
  };
  return {
    pid,
    procfile,
    attach(name) {
      const { name: one, terminal: found } = terminal(name);
      return { name: one, tap: (onData) => found.tap(onData) };
    },
    input: (name, data) => terminal(name).terminal.write(data),
    resize: (name, cols, rows) => terminal(name).terminal.resize(cols, rows),
    status: () => runtime.status(),
    restart(asked) {
      const chosen = resolve(asked);
      for (const name of chosen) runtime.restart(name);
      return chosen;
    },
    stop(asked) {
      const chosen = resolve(asked);
      for (const name of chosen) runtime.stopOne(name);
      return chosen;
    },
    logs(asked, count) {
      resolve(asked);
      return ring.last(count, asked);
    },
    follow(asked, sink) {
      const format = new LogLines({ names, timestamps });
      return fanout.add({
        write: (event) => {
          const lines = format.of(event).filter((line) => lineMatches(line, asked));
          return lines.length === 0 || sink.write(lines.map((line) => line.text));
        },
        onDrain: (listener) => sink.onDrain(listener),
        dropped: (count) => sink.dropped(count),
      });
    },
  };
}
