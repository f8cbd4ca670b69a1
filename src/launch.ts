import { consoleOutput } from './consumers/console.js';
import { listenerConsumer } from './consumers/listener.js';
import { watchdogFeed } from './consumers/watchdog-feed.js';
import { socketPath } from './control/paths.js';
import { checkNotRunning } from './control/running.js';
import { type ControlServer, type ControlTarget, startControlServer } from './control/server.js';
import { controlTarget } from './control/target.js';
import { ProcmanError } from './errors.js';
import type { StartSettings } from './options.js';
import { createProcessControl } from './os/control.js';
import { portProbe } from './os/probe.js';
import { spawnPty } from './os/pty.js';
import { processSignals } from './os/signals.js';
import { spawnShell, spawnShellWithInput } from './os/spawn.js';
import { forwardStdin } from './os/stdin-forward.js';
import { newRunTag, TAG_VARIABLE } from './os/tag.js';
import { startWatchdog } from './os/watchdog.js';
import { checkTypeSettings, hasReleasePhase, startPlanFor, stopRuleFor } from './plan.js';
import type { ProcessSpec } from './project/ports.js';
import { loadProject, specsFor } from './project/project.js';
import type { RuntimeEvent } from './runtime/events.js';
import { Fanout } from './runtime/fanout.js';
import { lifecyclePolicies } from './runtime/policies/index.js';
import type { ProcessStatus } from './runtime/process.js';
import { Runtime } from './runtime/runtime.js';
import type { PortHolder, Spawn } from './runtime/seams.js';

/** A running procman. */
export interface ProcmanHandle {
  /** procman's exit code, once every process is gone and every line is out */
  readonly exitCode: Promise<number>;
  /** every event from now on; returns the unsubscribe */
  on(listener: (event: RuntimeEvent) => void): () => void;
  /** a snapshot of every process */
  status(): ProcessStatus[];
  /** stops everything, as Ctrl-C does (exit code 0); with a name (`web.1`) or type (`web`), that alone: it shows as stopped */
  stop(name?: string): void;
  /** restarts a process (`web.1`) or every process of a type (`web`), a stopped one included; the others run on */
  restart(name: string): void;
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
  /**
   * a control socket, so `procman status`, `restart`, `stop` and `logs` reach
   * this run from another terminal; a second run of the same Procfile is refused
   */
  control?: boolean;
  /** told when the control socket cannot be offered (the run goes on without it) */
  warn?: (message: string) => void;
}

/** At exit, how long log files may take to write their last lines. */
const LOG_GRACE_MS = 2000;

/**
 * Wires a run together: the project's processes, the watchdog, the console,
 * the log files, the runtime. The processes start on the next turn of the event loop, so a
 * listener added as soon as this resolves sees every event.
 */
export async function launch(settings: StartSettings, context: LaunchContext): Promise<ProcmanHandle> {
  const { cwd, env, output, signals, onEvent, control = false, warn = () => {} } = context;
  const project = loadProject({ ...settings, cwd, environment: env });
  const specs = specsFor(project, { formation: settings.formation, port: settings.port, only: settings.only, baseEnv: env });
  checkTypeSettings(settings, project.entries);
  if (specs.length === 0) {
    throw new ProcmanError('nothing to start: the formation runs no process', { hint: 'check -m, for example -m all=1' });
  }
  const input = settings.stdin === undefined ? undefined : inputProcess(settings.stdin, specs);
  // --watch costs nothing unless given: its module (and picomatch, chokidar) load only then
  const watchModule = settings.watch ? await import('./watch/watching.js') : undefined;
  const watchPlan =
    settings.watch && watchModule?.prepareWatch(settings.watch, { types: project.entries.map((e) => e.name), root: project.paths.root });
  const socket = control ? socketPath(project.paths.procfile, env) : undefined;
  if (socket) await checkNotRunning({ path: socket, procfile: project.paths.procfile, env });
  // the ports are probed now (once no other run of this Procfile holds them), so the binds' round trips overlap
  // the start-up work below (the watchdog's spawn)
  const taken = settings.portCheck === false ? undefined : portProbe.inUse(specs.map((s) => s.port));
  // Every child carries this run's tag, so its descendants can be found even after they leave its group.
  const tag = newRunTag();
  for (const spec of specs) spec.env[TAG_VARIABLE] = tag;
  const names = specs.map((s) => s.name);
  const fanout = new Fanout();
  if (onEvent) fanout.add(listenerConsumer(onEvent));
  let runtime: Runtime | undefined;
  const screen =
    output === 'console'
      ? await consoleOutput({
          names,
          types: project.entries.map((e) => e.name),
          ports: Object.fromEntries(specs.map((s) => [s.name, s.port])),
          format: settings.format,
          color: settings.color,
          timestamps: settings.timestamps,
          markStderr: settings.markStderr,
          prefix: settings.prefix,
          quiet: settings.quiet,
          env,
          onClosed: () => runtime?.stop('output-closed'),
        })
      : undefined;
  // loaded only when asked for; a file that fails says so through the fan-out: on the console, in NDJSON, to listeners
  const logDir = settings.logDir;
  const logs =
    logDir === undefined
      ? undefined
      : (await import('./consumers/log-files.js')).openLogFiles({ dir: logDir, cwd, names, report: (e) => fanout.write(e) });
  const watchdog = startWatchdog({ timeoutMs: settings.timeoutMs, tag });
  fanout.add(watchdogFeed(watchdog));
  if (screen) fanout.add(screen.consumer, { pauses: true });
  for (const consumer of logs?.consumers ?? []) fanout.add(consumer);
  runtime = new Runtime(specs, {
    spawn: settings.tty || input ? spawnerFor(specs, { tty: settings.tty, input }) : spawnShell,
    control: createProcessControl({ tag }),
    signals: signals ? processSignals : () => () => {},
    output: fanout,
    cwd: project.paths.root,
    timeoutMs: settings.timeoutMs,
    policies: lifecyclePolicies({
      restart: settings.restart,
      canDie: settings.canDie,
      release: hasReleasePhase(specs, settings),
      watch: watchPlan && new Set(watchPlan.types),
    }),
    plan: startPlanFor(specs, settings),
    probe: portProbe,
    stopRule: stopRuleFor(settings),
  });
  const running = runtime;
  /** A process or type name of this run, or an error listing them. */
  const known = (name: string) => {
    if (specs.some((s) => s.name === name || s.type === name)) return name;
    throw new ProcmanError(`unknown process "${name}"; known: ${specs.map((s) => s.name).join(', ')}`);
  };
  const watching =
    watchPlan &&
    watchModule?.startWatching(watchPlan, {
      restart: (type, reason) => running.restart(type, reason),
      emit: (event) => fanout.write(event),
    });
  // the log ring from the first event; the socket itself once the processes are started
  const target = socket
    ? controlTarget({ specs, runtime: running, fanout, procfile: project.paths.procfile, timestamps: settings.timestamps })
    : undefined;
  let controlServer: Promise<ControlServer | undefined> | undefined;
  const exitCode = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => (taken === undefined ? undefined : warnPortsInUse(specs, fanout, taken)))
    .then(() => {
      const done = running.run();
      if (input) void done.finally(forwardStdin(input));
      // off the critical path: once the processes are started
      if (socket && target) controlServer = offerControl({ path: socket, target, warn });
      return done;
    })
    .then(async (code) => {
      await watching?.close();
      (await controlServer)?.close();
      await watchdog.release();
      await logs?.finish(LOG_GRACE_MS);
      await screen?.flush();
      return code;
    });
  return {
    exitCode,
    on: (listener) => fanout.add(listenerConsumer(listener)),
    status: () => running.status(),
    stop: (name) => (name === undefined ? running.stop('stop') : running.stopOne(known(name))),
    restart: (name) => running.restart(known(name)),
  };
}

/** Spawns the processes of the --tty types on a pty (`all`: every type), the --stdin one with a stdin pipe, the others as usual. */
function spawnerFor(specs: readonly ProcessSpec[], { tty, input }: { tty?: ReadonlySet<string>; input?: string }): Spawn {
  const onPty = new Set(specs.filter((s) => tty && (tty.has('all') || tty.has(s.type))).map((s) => s.name));
  return (request, listener) => {
    const name = request.name ?? '';
    const spawn = onPty.has(name) ? spawnPty : name === input ? spawnShellWithInput : spawnShell;
    return spawn(request, listener);
  };
}

/** The one process --stdin names: `repl.1`, or a type that has a single process. */
function inputProcess(name: string, specs: readonly ProcessSpec[]): string {
  const matches = specs.filter((s) => s.name === name || s.type === name);
  if (matches.length === 1) return (matches[0] as ProcessSpec).name;
  if (matches.length === 0) throw new ProcmanError(`unknown process "${name}" for --stdin; known: ${specs.map((s) => s.name).join(', ')}`);
  throw new ProcmanError(`--stdin ${name} is ${matches.length} processes; name one: ${matches.map((s) => s.name).join(', ')}`);
}

/** The control socket, once the processes are started; a failure is told and the run goes on without it. */
async function offerControl({
  path,
  target,
  warn,
}: {
  path: string;
  target: ControlTarget;
  warn: (message: string) => void;
}): Promise<ControlServer | undefined> {
  await new Promise((resolve) => setImmediate(resolve));
  try {
    const server = await startControlServer({ path, target });
    if (!server) warn(`another procman answers on ${path}; procman status and the like will reach it, not this one`);
    return server;
  } catch (error) {
    warn(error instanceof ProcmanError ? error.message : `control socket: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Before anything starts: a warning under `system` for each port that is
 * already taken, naming the holder when we may see it; the process starts
 * anyway and its own error follows.
 */
async function warnPortsInUse(specs: readonly ProcessSpec[], fanout: Fanout, probed: Promise<Map<number, PortHolder>>): Promise<void> {
  const taken = await probed;
  for (const spec of specs) {
    const holder = taken.get(spec.port);
    // the next thousand: -p moves every port past this one
    const suggestion = Math.min(64_000, (Math.floor(spec.port / 1000) + 1) * 1000);
    if (holder) fanout.write({ kind: 'port-in-use', name: spec.name, port: spec.port, holder, suggestion, at: Date.now() });
  }
}
