import type { StartOptions } from '../cli.js';
import { makeColourer, stdoutIsTTY } from '../output/colour.js';
import { ProcmanError } from '../errors.js';
import type { Io } from '../io.js';
import { Printer } from '../output/printer.js';
import { loadProject, specsFor } from '../project/project.js';
import { processSignals } from '../os/signals.js';
import { FdSink } from '../output/sink.js';
import { createProcessControl, spawnShell, TAG_VARIABLE } from '../os/spawn.js';
import { Supervisor } from '../supervisor.js';
import { startWatchdog } from '../os/watchdog.js';

const MAX_TIMEOUT = 2_147_483;

/** Parses -t: seconds, a non-negative number (fractions allowed). */
export function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ProcmanError(`invalid timeout "${value}": expected a number of seconds, 0 or more`, {
      hint: 'for example -t 10',
    });
  }
  if (seconds > MAX_TIMEOUT) {
    // Node's timers overflow past 2^31 - 1 ms and would fire at once
    throw new ProcmanError(`invalid timeout "${value}": at most ${MAX_TIMEOUT} seconds (about 24 days)`);
  }
  return Math.round(seconds * 1000);
}

export async function startCommand(types: string[], options: StartOptions, io: Io): Promise<number> {
  const timeoutMs = parseTimeout(options.timeout);
  const project = loadProject({ ...options, cwd: io.cwd });
  const specs = specsFor(project, { formation: options.formation, port: options.port, only: types, baseEnv: io.env });
  if (specs.length === 0) {
    throw new ProcmanError('nothing to start: the formation runs no process', { hint: 'check -m, for example -m all=1' });
  }
  const colour = await makeColourer(
    project.entries.map((e) => e.name),
    { flag: options.color, env: io.env, isTTY: stdoutIsTTY() },
  );
  // Every child carries this run's tag, so its descendants can be found even after they leave its group.
  // unique among live processes: the pid is, and time and a random part guard against pid reuse
  const tag = `${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 10)}`;
  for (const spec of specs) spec.env[TAG_VARIABLE] = tag;
  const watchdog = startWatchdog({ timeoutMs, tag });
  let supervisor: Supervisor | undefined;
  const sink = new FdSink({ onError: () => supervisor?.stop('output closed, stopping') });
  const printer = new Printer(sink, { names: specs.map((s) => s.name), colour, timestamps: options.timestamp });
  supervisor = new Supervisor({
    spawn: spawnShell,
    control: createProcessControl({ tag }),
    signals: processSignals,
    output: {
      write: (event) => {
        if (event.kind === 'start' && event.pid) watchdog.watch(event.pid);
        return printer.write(event);
      },
      onDrain: (listener) => sink.onDrain(listener),
    },
    cwd: project.paths.root,
    timeoutMs,
  });
  const code = await supervisor.run(specs);
  watchdog.release();
  await sink.flush();
  return code;
}
