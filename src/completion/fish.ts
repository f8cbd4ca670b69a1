import { type CompletionFlag, type CompletionSpec, valueFlags } from './spec.js';

/** A fish single-quoted word (backslash and quote escaped). */
const q = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const words = (list: string[]) => list.map(q).join(' ');

/** `printf` lines of candidates with their descriptions. */
function candidates(items: Array<{ name: string; description: string }>, indent: string): string {
  return items.map((i) => `${indent}printf '%s\\t%s\\n' ${q(i.name)} ${q(i.description)}`).join('\n');
}
const flagItems = (flags: CompletionFlag[]) => flags.flatMap((f) => f.names.map((name) => ({ name, description: f.description })));

/** The fish completion script: one function computing the candidates, with the bash script's rules. */
export function fishScript(spec: CompletionSpec): string {
  const values = valueFlags(spec);
  const skip = [...values.file, ...values.dir, ...values.other].filter((f) => f !== '-f' && f !== '--procfile');
  const flagCases = spec.commands
    .map((c) => `            case ${c.name}\n${candidates(flagItems(c.flags), '                ')}`)
    .join('\n');
  const passThrough = spec.commands
    .filter((c) => c.args === 'type-or-command')
    .map((c) => c.name)
    .join(' ');
  const typeOnly = spec.typeCommands.filter((c) => spec.commands.find((s) => s.name === c)?.args !== 'type-or-command');
  const argCases = spec.commands
    .filter((c) => c.args !== 'none' && c.args !== 'types')
    .map((c) => {
      const bodies: Record<string, string> = {
        'type-or-command': `if test $dashdash = 1; __fish_complete_command; else if test $positional = 0; __procman_types $tokens[1] $procfile; else; __fish_complete_path $cur; end`,
        'format-then-dir': `if test $positional = 0; printf '%s\\n' ${words(spec.formats)}; else; __fish_complete_directories $cur; end`,
        shell: `test $positional = 0; and printf '%s\\n' ${words(spec.shells)}`,
        command: `printf '%s\\n' ${words(spec.commands.map((s) => s.name))}`,
      };
      const body = bodies[c.args];
      return `        case ${c.name}\n            ${body}`;
    })
    .join('\n');
  return `# procman completion for fish. Load it with:
#   procman completion fish | source
# or save it as ~/.config/fish/completions/procman.fish
function __procman_types
    if test -n "$argv[2]"
        $argv[1] completion --types --procfile $argv[2] 2>/dev/null
    else
        $argv[1] completion --types 2>/dev/null
    end
end

function __procman_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l command ''
    set -l procfile ''
    set -l positional 0
    set -l dashdash 0
    set -l wants ''
    for i in (seq 2 (count $tokens))
        set -l word $tokens[$i]
        if test -n "$wants"
            test "$wants" = procfile; and set procfile $word
            set wants ''
            continue
        end
        if test $dashdash = 1
            set positional (math $positional + 1)
            continue
        end
        switch $word
            case -f --procfile
                set wants procfile
            case ${skip.join(' ')}
                set wants $word
            case --
                test -n "$command"; and set dashdash 1
            case '-*'
            case '*'
                if test -z "$command"
                    set command $word
                else
                    set positional (math $positional + 1)
                end
        end
    end
    # after run's command, the words are the command's own
    if contains -- "$command" ${passThrough}; and test $positional -gt 0; and test $dashdash = 0
        set dashdash 2
    end
    switch "$wants"
        case procfile ${values.file.filter((f) => f !== '-f' && f !== '--procfile').join(' ')}
            __fish_complete_path $cur
            return
        case ${values.dir.join(' ')}
            __fish_complete_directories $cur
            return
        case '?*'
            return
    end
    if test -z "$command"
        if string match -q -- '-*' $cur
${candidates(flagItems(spec.globalFlags), '            ')}
        else
${candidates(spec.commands, '            ')}
        end
        return
    end
    if string match -q -- '-*' $cur; and test $dashdash = 0
        switch $command
${flagCases}
        end
        return
    end
    switch $command
        case ${typeOnly.join(' ')}
            __procman_types $tokens[1] $procfile
${argCases}
    end
end

complete -c procman -f -a '(__procman_complete)'
`;
}
