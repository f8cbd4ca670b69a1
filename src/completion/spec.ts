/**
 * What shell completion offers, read off the commander program, so the
 * scripts never drift from the flags procman has. Process types are not in
 * the script: it asks `procman completion --types` for them on each TAB.
 */
export interface CompletionFlag {
  /** `-f`, `--procfile`, `--no-color` */
  names: string[];
  description: string;
  /** takes a value: what to complete for it */
  value?: 'file' | 'dir' | 'other';
}

export interface CompletionCommand {
  name: string;
  description: string;
  flags: CompletionFlag[];
  /** what its positional arguments are */
  args: 'types' | 'type-or-command' | 'format-then-dir' | 'shell' | 'command' | 'none';
}

export interface CompletionSpec {
  commands: CompletionCommand[];
  globalFlags: CompletionFlag[];
  /** commands after which process types are completed, existing or not yet */
  typeCommands: string[];
  formats: string[];
  shells: string[];
}

/** The commands that take process types: `start` and `run` today, the others as they come. */
export const TYPE_COMMANDS = ['start', 'run', 'restart', 'stop', 'logs', 'attach'];
export const SHELLS = ['bash', 'zsh', 'fish'];

const FILE_VALUES = new Set(['--procfile', '--env', '--template']);
const DIR_VALUES = new Set(['--root', '--log', '--run']);
const ARGS: Record<string, CompletionCommand['args']> = {
  run: 'type-or-command',
  export: 'format-then-dir',
  completion: 'shell',
  help: 'command',
};

/** The parts of commander's Command and Option this reads (commander's public API). */
export interface ProgramLike {
  commands: readonly CommandLike[];
  options: readonly OptionLike[];
}
interface CommandLike extends ProgramLike {
  name(): string;
  description(): string;
}
interface OptionLike {
  short?: string;
  long?: string;
  description: string;
  required: boolean;
  optional: boolean;
  hidden: boolean;
}

const HELP: CompletionFlag = { names: ['-h', '--help'], description: 'show help' };

function flagsOf(options: readonly OptionLike[]): CompletionFlag[] {
  return options
    .filter((o) => !o.hidden)
    .map((o) => {
      const names = [o.short, o.long].filter((n): n is string => n !== undefined);
      const takesValue = o.required || o.optional;
      const value = !takesValue ? undefined : FILE_VALUES.has(o.long ?? '') ? 'file' : DIR_VALUES.has(o.long ?? '') ? 'dir' : 'other';
      return value === undefined ? { names, description: o.description } : { names, description: o.description, value };
    });
}

export function completionSpec(program: ProgramLike, formats: string[]): CompletionSpec {
  const commands: CompletionCommand[] = program.commands.map((command) => ({
    name: command.name(),
    description: command.description(),
    flags: [...flagsOf(command.options), HELP],
    args: ARGS[command.name()] ?? (TYPE_COMMANDS.includes(command.name()) ? 'types' : 'none'),
  }));
  commands.push({ name: 'help', description: 'display help for command', flags: [], args: 'command' });
  return { commands, globalFlags: [...flagsOf(program.options), HELP], typeCommands: TYPE_COMMANDS, formats, shells: SHELLS };
}

/** Every flag name that takes a value, for the scripts to skip over the value. */
export function valueFlags(spec: CompletionSpec): { file: string[]; dir: string[]; other: string[] } {
  const all = spec.commands.flatMap((c) => c.flags);
  const names = (value: CompletionFlag['value']) => [...new Set(all.filter((f) => f.value === value).flatMap((f) => f.names))];
  return { file: names('file'), dir: names('dir'), other: names('other') };
}
