import { type CompletionFlag, type CompletionSpec, valueFlags } from './spec.js';

/** A zsh single-quoted word. */
const q = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
const pattern = (list: string[]) => list.join('|');

/** `name:description` pairs for _describe (a colon in the name would need escaping; names have none). */
const described = (items: Array<{ name: string; description: string }>) => items.map((i) => q(`${i.name}:${i.description}`)).join(' ');
const flagItems = (flags: CompletionFlag[]) => flags.flatMap((f) => f.names.map((name) => ({ name, description: f.description })));

/** The zsh completion script: the same rules as the bash one, with descriptions. */
export function zshScript(spec: CompletionSpec): string {
  const values = valueFlags(spec);
  const skip = [...values.file, ...values.dir, ...values.other].filter((f) => f !== '-f' && f !== '--procfile');
  const commandNames = spec.commands.map((c) => c.name).join(' ');
  const passThrough = pattern(spec.commands.filter((c) => c.args === 'type-or-command').map((c) => c.name));
  const flagCases = spec.commands.map((c) => `      (${c.name}) items=(${described(flagItems(c.flags))}) ;;`).join('\n');
  const typeOnly = spec.typeCommands.filter((c) => spec.commands.find((s) => s.name === c)?.args !== 'type-or-command');
  const argCases = spec.commands
    .filter((c) => c.args !== 'none' && c.args !== 'types')
    .map((c) => {
      const bodies: Record<string, string> = {
        'type-or-command': 'if ((dashdash == 1)); then _command_names; elif ((positional == 0)); then _procman_types; else _files; fi',
        'format-then-dir': `if ((positional == 0)); then compadd ${spec.formats.join(' ')}; else _files -/; fi`,
        shell: `((positional == 0)) && compadd ${spec.shells.join(' ')}`,
        command: `compadd ${commandNames}`,
      };
      const body = bodies[c.args];
      return `    (${c.name}) ${body} ;;`;
    })
    .join('\n');
  return `#compdef procman
# procman completion for zsh. Load it from ~/.zshrc, after compinit, with:
#   eval "$(procman completion zsh)"
_procman_types() {
  local -a types
  types=(\${(f)"$(\${words[1]} completion --types \${procfile:+--procfile=$procfile} 2>/dev/null)"})
  compadd -a types
}

_procman() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]}
  local command='' procfile='' word i positional=0 dashdash=0
  local -a items
  for ((i = 2; i < CURRENT; i++)); do
    word=\${words[i]}
    if ((dashdash)); then ((positional++)); continue; fi
    case $word in
      (-f|--procfile) procfile=\${words[i+1]}; ((i++)) ;;
      (${pattern(skip)}) ((i++)) ;;
      (--) [[ -n $command ]] && dashdash=1 ;;
      (-*) ;;
      (*) if [[ -z $command ]]; then command=$word; else ((positional++)); fi ;;
    esac
  done
  # after run's command, the words are the command's own
  case $command in (${passThrough}) ((positional > 0)) && ((!dashdash)) && dashdash=2 ;; esac
  if ((!dashdash)); then
    case $prev in
      (${pattern(values.file)}) _files; return ;;
      (${pattern(values.dir)}) _files -/; return ;;
      (${pattern(values.other)}) return ;;
    esac
  fi
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then items=(${described(flagItems(spec.globalFlags))})
    else items=(${described(spec.commands)}); fi
    _describe -t commands 'procman' items
    return
  fi
  if [[ $cur == -* ]] && ((!dashdash)); then
    case $command in
${flagCases}
    esac
    _describe -t options 'option' items
    return
  fi
  case $command in
    (${pattern(typeOnly)}) _procman_types ;;
${argCases}
  esac
}

compdef _procman procman
`;
}
