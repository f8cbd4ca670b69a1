import { type CompletionSpec, valueFlags } from './spec.js';

const words = (list: string[]) => list.join(' ');
const pattern = (list: string[]) => list.join('|');

/**
 * The bash completion script: commands, flags per command, process types (from
 * `procman completion --types`, with the -f given on the line), export formats,
 * and files or folders where a flag or argument wants one.
 */
export function bashScript(spec: CompletionSpec): string {
  const values = valueFlags(spec);
  const commands = spec.commands.map((c) => c.name);
  const passThrough = pattern(spec.commands.filter((c) => c.args === 'type-or-command').map((c) => c.name));
  const flagCases = spec.commands.map((c) => `    ${c.name}) flags="${words(c.flags.flatMap((f) => f.names))}" ;;`).join('\n');
  const argCases = spec.commands
    .filter((c) => c.args !== 'none' && c.args !== 'types')
    .map((c) => {
      const bodies: Record<string, string> = {
        'type-or-command': `if ((dashdash == 1)); then COMPREPLY=($(compgen -c -- "$cur")); elif ((positional == 0)); then COMPREPLY=($(compgen -W "$(_procman_types)" -- "$cur")); else compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); fi`,
        'format-then-dir': `if ((positional == 0)); then COMPREPLY=($(compgen -W "${words(spec.formats)}" -- "$cur")); else compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); fi`,
        shell: `((positional == 0)) && COMPREPLY=($(compgen -W "${words(spec.shells)}" -- "$cur"))`,
        command: `COMPREPLY=($(compgen -W "${words(commands)}" -- "$cur"))`,
      };
      const body = bodies[c.args];
      return `    ${c.name}) ${body} ;;`;
    })
    .join('\n');
  return `# procman completion for bash. Load it from ~/.bashrc with:
#   eval "$(procman completion bash)"
_procman_types() {
  "\${line[0]}" completion --types \${procfile:+--procfile=$procfile} 2>/dev/null
}

_procman() {
  # the words up to the cursor, split at blanks only (bash also splits COMP_WORDS at = and :)
  local -a line
  read -ra line <<< "\${COMP_LINE:0:COMP_POINT}"
  [[ \${COMP_LINE:COMP_POINT-1:1} == [[:blank:]] ]] && line+=('')
  local n=\${#line[@]} cur=\${COMP_WORDS[COMP_CWORD]}
  local prev=\${line[n-2]} command='' procfile='' word flags='' i positional=0 dashdash=0
  COMPREPLY=()
  for ((i = 1; i < n - 1; i++)); do
    word=\${line[i]}
    if ((dashdash)); then ((positional++)); continue; fi
    case $word in
      -f|--procfile) procfile=\${line[i+1]}; ((i++)) ;;
      ${pattern([...values.file, ...values.dir, ...values.other].filter((f) => f !== '-f' && f !== '--procfile'))}) ((i++)) ;;
      --) [[ -n $command ]] && dashdash=1 ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=$word; else ((positional++)); fi ;;
    esac
  done
  # after run's command, the words are the command's own
  case $command in ${passThrough}) ((positional > 0)) && ((!dashdash)) && dashdash=2 ;; esac
  if ((!dashdash)); then
    case $prev in
      ${pattern(values.file)}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
      ${pattern(values.dir)}) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
      ${pattern(values.other)}) return ;;
    esac
  fi
  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "${words(spec.globalFlags.flatMap((f) => f.names))}" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "${words(commands)}" -- "$cur"))
    fi
    return
  fi
  if [[ $cur == -* ]] && ((!dashdash)); then
    case $command in
${flagCases}
    esac
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return
  fi
  case $command in
    ${pattern(spec.typeCommands.filter((c) => spec.commands.find((s) => s.name === c)?.args !== 'type-or-command'))}) COMPREPLY=($(compgen -W "$(_procman_types)" -- "$cur")) ;;
${argCases}
  esac
}

complete -F _procman procman
`;
}
