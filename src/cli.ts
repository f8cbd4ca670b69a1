import { Command, CommanderError, Option } from 'commander';
import {
  type CommonOptions,
  checkSettings,
  type ExportOptions,
  exportSettings,
  type RunOptions,
  runSettings,
  type StartOptions,
  startSettings,
} from './cli-options.js';
import { ProcmanError } from './errors.js';
import type { Io } from './io.js';
import { printable } from './printable.js';
import { type DefaultSetting, loadDefaults, readDefaults } from './project/defaults.js';
import { requireFrom } from './require-cjs.js';

/** Collects a repeatable option's values. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Set in the CLI bundle by esbuild (scripts/bundle.mjs defines it from package.json); undeclared elsewhere. */
declare const PROCMAN_VERSION: string | undefined;

/**
 * The installed package's version: the bundle's own (resolving and parsing
 * package.json costs a millisecond of every start), else package.json, one
 * folder above both src/ and dist/.
 */
function version(): string {
  if (typeof PROCMAN_VERSION === 'string') return PROCMAN_VERSION;
  return requireFrom<{ version: string }>(import.meta.url, '../package.json').version;
}

/**
 * The one merge point of the defaults files (procman.yml over .foreman, see
 * project/defaults.ts) and the command line: each file value goes into the
 * option of the same long name (`can-die` → --can-die, `timestamp` →
 * --no-timestamp) unless the command line gave that option. A file value beats
 * commander's default, never a flag. Keys this command has no flag for are
 * left out: a flag added later picks its key up here, with no other change.
 */
export function withDefaults<T>(command: Command, defaults: Readonly<Record<string, DefaultSetting>>): T {
  for (const option of command.options) {
    const setting = option.long === undefined ? undefined : defaults[option.long.replace(/^--(no-)?/, '')];
    const name = option.attributeName();
    const source = command.getOptionValueSource(name);
    if (setting !== undefined && (source === undefined || source === 'default')) {
      command.setOptionValueWithSource(name, setting.value, 'config');
    }
  }
  return command.opts<T & Record<string, unknown>>();
}

function common(command: Command): Command {
  return command
    .addHelpText(
      'after',
      '\nDefaults for these options are read from procman.yml, then .foreman, in the current folder; the command line wins.',
    )
    .option('-f, --procfile <path>', 'the Procfile to read (default: Procfile, or <root>/Procfile with -d)', undefined)
    .option('-d, --root <dir>', 'the app folder: processes run there, its .env is read (default: the Procfile folder)')
    .option('-e, --env <files>', 'env files to load, comma-separated, later wins (default: <root>/.env when present)')
    .option('--no-expand', 'leave ${VAR} in the env files as written');
}

/** The commands that reach a running procman: -f and -d find it, as for start. */
function controlCommand(command: Command, { short = true } = {}): Command {
  return command
    .addHelpText('after', '\nIt reaches the procman started with the same Procfile (-f/-d, or procman.yml), from any terminal.')
    .option(
      `${short ? '-f, ' : ''}--procfile <path>`,
      'the Procfile the running procman was started with (default: Procfile, or <root>/Procfile with -d)',
    )
    .option('-d, --root <dir>', 'the app folder it was started with');
}

interface ControlOptions {
  procfile?: string;
  root?: string;
}

const controlSettings = ({ procfile, root }: ControlOptions) => ({ procfile, root });

function parseLineCount(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || count > 100_000) {
    throw new ProcmanError(`invalid -n "${value}": expected a number of lines from 0 to 100000`, { hint: 'for example -n 20' });
  }
  return count;
}

function timeoutOption(): Option {
  return new Option('-t, --timeout <seconds>', 'seconds between SIGTERM and SIGKILL on shutdown (start: also per type, 5,web=20)').default(
    '5',
    '5',
  );
}

/**
 * Builds the commander program. Actions store the chosen command in `run`;
 * commands are imported only when chosen, to keep start-up light.
 */
export function buildProgram(io: Io, run: (job: () => Promise<number>) => void): Command {
  const program = new Command('procman')
    .description('run the processes of a Procfile together, with one prefixed, coloured log')
    .version(version(), '-v, --version')
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
    .option('--ready <rules>', 'when a type is ready: type=port, type=port:N, type=/regex/ or type=started (repeatable)', collect)
    .option('--after <rule>', 'start a type once others are ready: web=db,redis (repeatable)', collect)
    .option('--stop-signal <rules>', 'the signal that stops a type, instead of SIGTERM: web=INT (repeatable)', collect)
    .option('--no-port-check', 'do not warn about ports already in use')
    .option('--format <format>', 'console output: text, or ndjson (alias json): one JSON object a line', 'text')
    .option('--log-dir <dir>', "also write each process's output to <dir>/<name>.log, appended")
    .option('--mark-stderr', 'mark stderr lines with ! instead of |')
    .option('-q, --quiet <types>', "hide these types' output lines, comma-separated (their state lines stay)")
    .option('--no-prefix', 'print lines as the processes wrote them, without time, name or colour')
    .option(
      '--watch <type=paths>',
      'restart a type when files under these paths change: folders, files or globs, comma-separated, relative to the root; repeatable',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--no-control', 'no control socket: procman status, restart, stop and logs cannot reach this run')
    .option('--tty [types]', 'run these types (default: all) on a pseudo-terminal, so procman attach can reach them')
    .option('--stdin <name>', "send procman's own input (what you type) to this process: repl.1, or a type of one process")
    .action((types: string[], _options: StartOptions, command: Command) =>
      run(async () => {
        const settings = startSettings(types, withDefaults(command, loadDefaults(io.cwd)));
        return (await import('./commands/start.js')).startCommand(settings, io);
      }),
    );

  common(program.command('run').argument('[command...]', 'a process type, or a command and its arguments'))
    .description("run one process type, or any command, in the foreground with the app's env")
    .option('-p, --port <n>', 'base port, as for start')
    .passThroughOptions()
    .action((words: string[], _options: RunOptions, command: Command) =>
      run(async () => {
        const settings = runSettings(withDefaults(command, loadDefaults(io.cwd)));
        return (await import('./commands/run.js')).runCommand(words, settings, io);
      }),
    );

  common(program.command('check'))
    .description('validate the Procfile and env files without starting anything')
    .option('--after <rule>', 'also validate this start order, as for start (repeatable)', collect)
    .action((_options: CommonOptions, command: Command) =>
      run(async () => {
        // every problem of the defaults files is listed, and the valid values are used
        const { values, problems } = readDefaults(io.cwd);
        const settings = checkSettings(withDefaults(command, values));
        return (await import('./commands/check.js')).checkCommand(settings, io, { problems });
      }),
    );

  controlCommand(program.command('status'))
    .description('show the processes of the procman running this Procfile (from another terminal)')
    .option('--json', 'the same as JSON')
    .action((options: ControlOptions & { json?: boolean }, command: Command) =>
      run(async () => {
        const settings = { ...controlSettings(withDefaults(command, loadDefaults(io.cwd))), json: options.json === true };
        return (await import('./commands/control.js')).statusCommand(settings, io);
      }),
    );

  for (const [name, description] of [
    ['restart', 'restart processes of the running procman: web (every web process) or web.2; a stopped one starts again'],
    ['stop', 'stop processes of the running procman alone: they show as stopped, the others run on'],
  ] as const) {
    controlCommand(program.command(name).argument('<names...>', 'process types (web) or processes (web.2)'))
      .description(description)
      .action((names: string[], _options: ControlOptions, command: Command) =>
        run(async () => {
          const settings = controlSettings(withDefaults(command, loadDefaults(io.cwd)));
          return (await import('./commands/control.js')).requestCommand(name, names, settings, io);
        }),
      );
  }

  controlCommand(program.command('attach').argument('<name>', 'the process (web.1; web when it has one)'))
    .description('connect this terminal to a process started with --tty: its output, your keys; Ctrl-] detaches')
    .action((name: string, _options: ControlOptions, command: Command) =>
      run(async () => {
        const settings = controlSettings(withDefaults(command, loadDefaults(io.cwd)));
        return (await import('./commands/attach.js')).attachCommand(name, settings, io);
      }),
    );

  // -f is --follow here, as for tail: the Procfile is --procfile
  controlCommand(program.command('logs').argument('[names...]', 'process types (web) or processes (web.2); default: all'), { short: false })
    .description('print the last lines of the running procman, as its screen showed them')
    .option('-n, --lines <n>', 'how many lines', '100')
    .addOption(new Option('-f, --follow', 'keep printing new lines until Ctrl-C'))
    .action((names: string[], _options: ControlOptions, command: Command) =>
      run(async () => {
        const options = withDefaults(command, loadDefaults(io.cwd)) as ControlOptions & { lines: string; follow?: boolean };
        const settings = { ...controlSettings(options), names, lines: parseLineCount(options.lines), follow: options.follow === true };
        return (await import('./commands/logs.js')).logsCommand(settings, io);
      }),
    );

  common(
    program
      .command('export')
      .argument('<format>', 'systemd, supervisord, launchd, runit, compose or kubernetes')
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
    .option('--image <name>', 'the image to run (kubernetes: required; compose: the image name)')
    .option('--template <dir>', "folder of templates overriding the format's own")
    .action((format: string, location: string, _options: ExportOptions, command: Command) =>
      run(async () => {
        (await import('./export/formats.js')).formatNamed(format); // an unknown format first, before any option or file
        const settings = exportSettings(withDefaults(command, loadDefaults(io.cwd)));
        const { exportCommand } = await import('./commands/export.js');
        return exportCommand(format, location, settings, io);
      }),
    );

  program
    .command('completion')
    .argument('[shell]', 'bash, zsh or fish')
    .description('print a shell completion script: eval "$(procman completion bash)"')
    .addOption(new Option('--types', 'print the process types of the Procfile (what the scripts call)').hideHelp())
    .addOption(new Option('-f, --procfile <path>', 'the Procfile to read').hideHelp())
    .action((shell: string | undefined, options: { types?: boolean; procfile?: string }) =>
      run(async () =>
        (await import('./commands/completion.js')).completionCommand(
          shell,
          { types: options.types === true, procfile: options.procfile },
          program,
          io,
        ),
      ),
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
