import { createRequire } from 'node:module';
import type { Command as CommandType, Option as OptionType } from 'commander';
import { ProcmanError } from './errors.js';
import type { Io } from './io.js';
import {
  type CommonSettings,
  type ExportSettings,
  parseEnvList,
  parseFormationOption,
  parsePortOption,
  parseRestart,
  parseTimeout,
  parseTypes,
  type RunSettings,
  type StartSettings,
} from './options.js';
import { printable } from './printable.js';
import { parseWatch } from './watch/rules.js';

/** Options as commander gives them: strings, parsed into settings (options.ts) once. */
interface CommonOptions {
  procfile?: string;
  root?: string;
  env?: string;
}

interface StartOptions extends CommonOptions {
  formation?: string;
  port?: string;
  timeout: string;
  color?: boolean;
  timestamp: boolean;
  restart?: string;
  canDie?: string;
  /** every --watch given, in order */
  watch?: string[];
}

interface RunOptions extends CommonOptions {
  port?: string;
}

interface ExportOptions extends CommonOptions {
  formation?: string;
  port?: string;
  timeout: string;
  app?: string;
  user?: string;
  log?: string;
  run?: string;
  template?: string;
}

function commonSettings({ procfile, root, env }: CommonOptions): CommonSettings {
  return { procfile, root, env: env === undefined ? undefined : parseEnvList(env) };
}

function portSetting(port: string | undefined): number | undefined {
  return port === undefined ? undefined : parsePortOption(port);
}

function startSettings(types: string[], options: StartOptions): StartSettings {
  const timeoutMs = parseTimeout(options.timeout);
  return {
    ...commonSettings(options),
    only: types,
    formation: parseFormationOption(options.formation),
    port: portSetting(options.port),
    timeoutMs,
    color: options.color,
    timestamps: options.timestamp,
    restart: options.restart === undefined ? undefined : parseRestart(options.restart),
    canDie: options.canDie === undefined ? undefined : parseTypes(options.canDie, '--can-die'),
    watch: options.watch === undefined ? undefined : parseWatch(options.watch),
  };
}

function runSettings(options: RunOptions): RunSettings {
  return { ...commonSettings(options), port: portSetting(options.port) };
}

function exportSettings(options: ExportOptions): ExportSettings {
  const { app, user, log, run, template } = options;
  const timeoutMs = parseTimeout(options.timeout);
  return {
    ...commonSettings(options),
    formation: parseFormationOption(options.formation),
    port: portSetting(options.port),
    timeoutMs,
    app,
    user,
    log,
    run,
    template,
  };
}

// commander is CommonJS: require() skips the ESM bridge's export scan (~4 ms of start-up).
const { Command, CommanderError, Option } = createRequire(import.meta.url)('commander') as typeof import('commander');
type Command = CommandType;
type Option = OptionType;

const VERSION = '0.1.0';

function common(command: Command): Command {
  return command
    .option('-f, --procfile <path>', 'the Procfile to read (default: Procfile, or <root>/Procfile with -d)', undefined)
    .option('-d, --root <dir>', 'the app folder: processes run there, its .env is read (default: the Procfile folder)')
    .option('-e, --env <files>', 'env files to load, comma-separated, later wins (default: <root>/.env when present)');
}

function timeoutOption(): Option {
  return new Option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL on shutdown').default('5', '5');
}

/**
 * Builds the commander program. Actions store the chosen command in `run`;
 * commands are imported only when chosen, to keep start-up light.
 */
function buildProgram(io: Io, run: (job: () => Promise<number>) => void): Command {
  const program = new Command('procman')
    .description('run the processes of a Procfile together, with one prefixed, coloured log')
    .version(VERSION, '-v, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) =>
        write(
          `procman: ${s
            .replace(/^error: /, '')
            .trimEnd()
            .split('\n')
            .map((line) => printable(line))
            .join('\n')}\n`,
        ),
    })
    .showSuggestionAfterError();

  common(program.command('start').argument('[types...]', 'process types to start (default: all)'))
    .description('start the processes of the Procfile')
    .option('-m, --formation <spec>', 'how many of each type, like all=1,web=2,worker=0')
    .option('-p, --port <n>', 'base port (default: PORT from the env, else 5000)')
    .addOption(timeoutOption())
    .option('-c, --color', 'force colour on')
    .option('--no-color', 'turn colour off (so does NO_COLOR)')
    .option('--no-timestamp', 'leave the time out of each line')
    .option('--restart <types>', 'restart these types when they fail (type=always: after any exit; all: every type)')
    .option('--can-die <types>', 'these types may exit without stopping the others (one-shot tasks)')
    .option(
      '--watch <type=paths>',
      'restart a type when files under these paths change: folders, files or globs, comma-separated, relative to the root; repeatable',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .action((types: string[], options: StartOptions) =>
      run(async () => (await import('./commands/start.js')).startCommand(startSettings(types, options), io)),
    );

  common(program.command('run').argument('[command...]', 'a process type, or a command and its arguments'))
    .description("run one process type, or any command, in the foreground with the app's env")
    .option('-p, --port <n>', 'base port, as for start')
    .passThroughOptions()
    .action((command: string[], options: RunOptions) =>
      run(async () => (await import('./commands/run.js')).runCommand(command, runSettings(options), io)),
    );

  common(program.command('check'))
    .description('validate the Procfile and env files without starting anything')
    .action((options: CommonOptions) => run(async () => (await import('./commands/check.js')).checkCommand(commonSettings(options), io)));

  common(
    program
      .command('export')
      .argument('<format>', 'systemd, supervisord, launchd, runit or compose')
      .argument('<location>', 'folder to write the files to'),
  )
    .description('write the configuration that runs this Procfile under a real supervisor')
    .option('-a, --app <name>', 'application name (default: the root folder name)')
    .option('-u, --user <name>', 'user to run the processes as')
    .option('-l, --log <dir>', 'folder for log files')
    .option('-r, --run <dir>', 'folder for pid files (accepted for Foreman compatibility; unused)')
    .option('-m, --formation <spec>', 'how many of each type, like all=1,web=2,worker=0')
    .option('-p, --port <n>', 'base port (default: PORT from the env, else 5000)')
    .addOption(timeoutOption())
    .option('--template <dir>', "folder of templates overriding the format's own")
    .action((format: string, location: string, options: ExportOptions) =>
      run(async () => {
        (await import('./export/formats.js')).formatNamed(format); // an unknown format first, before any option or file
        const { exportCommand } = await import('./commands/export.js');
        return exportCommand(format, location, exportSettings(options), io);
      }),
    );

  return program;
}

function printError(io: Io, error: ProcmanError): number {
  io.stderr.write(`procman: ${printable(error.message)}\n`);
  if (error.hint) io.stderr.write(`hint: ${printable(error.hint)}\n`);
  return error.exitCode;
}

/** Runs procman with argv (without node and script); resolves to the exit code. Never exits the process. */
export async function main(argv: string[], io: Io): Promise<number> {
  let job: (() => Promise<number>) | undefined;
  const program = buildProgram(io, (j) => {
    job = j;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return 1;
    }
    await program.parseAsync(argv, { from: 'user' });
    return job ? await job() : 0;
  } catch (error) {
    if (error instanceof ProcmanError) return printError(io, error);
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
}
