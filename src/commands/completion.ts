import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { completionSpec, type ProgramLike, SHELLS } from '../completion/spec.js';
import { zshScript } from '../completion/zsh.js';
import { ProcmanError } from '../errors.js';
import { FORMATS } from '../export/formats.js';
import type { Io } from '../io.js';
import { resolvePaths } from '../project/paths.js';
import { lintProcfile } from '../project/procfile.js';
import { readProcfileText } from '../project/project.js';

const SCRIPTS: Record<string, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export interface CompletionSettings {
  /** the hidden helper the scripts call: print the Procfile's process types */
  types: boolean;
  procfile?: string;
}

/** `procman completion bash|zsh|fish`: prints the script; `--types`: the process types, one a line (nothing on any error). */
export async function completionCommand(
  shell: string | undefined,
  settings: CompletionSettings,
  program: ProgramLike,
  io: Io,
): Promise<number> {
  if (settings.types) {
    try {
      const { procfile } = resolvePaths({ procfile: settings.procfile, cwd: io.cwd });
      const { entries } = lintProcfile(readProcfileText(procfile, procfile), procfile);
      for (const entry of entries) io.stdout.write(`${entry.name}\n`);
      return 0;
    } catch {
      return 1; // a TAB never prints an error into the command line
    }
  }
  const render = shell === undefined ? undefined : Object.hasOwn(SCRIPTS, shell) ? SCRIPTS[shell] : undefined;
  if (!render) {
    const what = shell === undefined ? 'completion needs a shell' : `no completion for the shell "${shell}"`;
    throw new ProcmanError(`${what}: use ${SHELLS.join(', ')}`, {
      hint: 'bash: eval "$(procman completion bash)" in ~/.bashrc; zsh: the same in ~/.zshrc; fish: procman completion fish | source',
    });
  }
  io.stdout.write(render(completionSpec(program, Object.keys(FORMATS))));
  return 0;
}
