import { consoleOutput } from './consumers/console.js';
import { listenerConsumer } from './consumers/listener.js';
import { watchdogFeed } from './consumers/watchdog-feed.js';
import { ProcmanError } from './errors.js';
import type { StartSettings } from './options.js';
import { createProcessControl } from './os/control.js';
import { processSignals } from './os/signals.js';
import { spawnShell } from './os/spawn.js';
import { newRunTag, TAG_VARIABLE } from './os/tag.js';
import { startWatchdog } from './os/watchdog.js';
import { unknownTypeError } from './project/formation.js';
import { loadProject, specsFor } from './project/project.js';
import type { RuntimeEvent } from './runtime/events.js';
import { Fanout } from './runtime/fanout.js';
import { lifecyclePolicies } from './runtime/policies/index.js';
import type { ProcessStatus } from './runtime/process.js';
import { Runtime } from './runtime/runtime.js';

/** A running procman. */
export interface ProcmanHandle {
  /** procman's exit code, once every process is gone and every line is out */
  readonly exitCode: Promise<number>;
  /** every event from now on; returns the unsubscribe */
  on(listener: (event: RuntimeEvent) => void): () => void;
  /** a snapshot of every process */
  status(): ProcessStatus[];
  /** stops everything, as Ctrl-C does (exit code 0) */
  stop(): void;
}

export interface LaunchContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** prefixed text on stdout, or nothing */
  output: 'console' | 'none';
  /** stop on procman's own SIGINT, SIGTERM and SIGHUP */
  signals: boolean;
  /** called with every event from the very first */
  onEvent?: (event: RuntimeEvent) => void;
}

/**
 * Wires a run together: the project's processes, the watchdog, the console,
 * the runtime. The processes start on the next turn of the event loop, so a
 * listener added as soon as this resolves sees every event.
 */
export async function launch(settings: StartSettings, context: LaunchContext): Promise<ProcmanHandle> {
  const { cwd, env, output, signals, onEvent } = context;
  const project = loadProject({ ...settings, cwd });
  const specs = specsFor(project, { formation: settings.formation, port: settings.port, only: settings.only, baseEnv: env });
  for (const type of [...(settings.restart?.keys() ?? []), ...(settings.canDie ?? [])]) {
    if (type !== 'all' && !project.entries.some((e) => e.name === type)) throw unknownTypeError(type, project.entries);
  }
  if (specs.length === 0) {
    throw new ProcmanError('nothing to start: the formation runs no process', { hint: 'check -m, for example -m all=1' });
  }
  // --watch costs nothing unless given: its module (and picomatch, chokidar) load only then
  const watchModule = settings.watch ? await import('./watch/watching.js') : undefined;
  const watchPlan =
    settings.watch && watchModule?.prepareWatch(settings.watch, { types: project.entries.map((e) => e.name), root: project.paths.root });
  // Every child carries this run's tag, so its descendants can be found even after they leave its group.
  const tag = newRunTag();
  for (const spec of specs) spec.env[TAG_VARIABLE] = tag;
  const fanout = new Fanout();
  if (onEvent) fanout.add(listenerConsumer(onEvent));
  let runtime: Runtime | undefined;
  const screen =
    output === 'console'
      ? await consoleOutput({
          names: specs.map((s) => s.name),
          types: project.entries.map((e) => e.name),
          color: settings.color,
          timestamps: settings.timestamps,
          env,
          onClosed: () => runtime?.stop('output-closed'),
        })
      : undefined;
  const watchdog = startWatchdog({ timeoutMs: settings.timeoutMs, tag });
  fanout.add(watchdogFeed(watchdog));
  if (screen) fanout.add(screen.consumer, { pauses: true });
  runtime = new Runtime(specs, {
    spawn: spawnShell,
    control: createProcessControl({ tag }),
    signals: signals ? processSignals : () => () => {},
    output: fanout,
    cwd: project.paths.root,
    timeoutMs: settings.timeoutMs,
    policies: lifecyclePolicies({ restart: settings.restart, canDie: settings.canDie, watch: watchPlan && new Set(watchPlan.types) }),
  });
  const running = runtime;
  const watching =
    watchPlan &&
    watchModule?.startWatching(watchPlan, {
      restart: (type, reason) => running.restart(type, reason),
      emit: (event) => fanout.write(event),
    });
  const exitCode = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => running.run())
    .then(async (code) => {
      await watching?.close();
      watchdog.release();
      await screen?.flush();
      return code;
    });
  return {
    exitCode,
    on: (listener) => fanout.add(listenerConsumer(listener)),
    status: () => running.status(),
    stop: () => running.stop('stop'),
  };
}
