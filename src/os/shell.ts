/** How a Procfile command is handed to `/bin/sh -c`: by start and by every export format alike. */

const SHELL_WORDS = new Set([
  '!',
  '.',
  ':',
  '[',
  '[[',
  'alias',
  'break',
  'case',
  'cd',
  'command',
  'continue',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'eval',
  'exec',
  'exit',
  'export',
  'fi',
  'for',
  'function',
  'if',
  'local',
  'read',
  'readonly',
  'return',
  'select',
  'set',
  'shift',
  'source',
  'then',
  'time',
  'trap',
  'ulimit',
  'umask',
  'unset',
  'until',
  'wait',
  'while',
  'bg',
  'fg',
  'getopts',
  'hash',
  'jobs',
  'times',
  'type',
]);

/**
 * The script given to `sh -c`. A single simple command that starts with a
 * program name is prefixed with `exec`, so the program replaces the shell:
 * it leads the group, gets signals first hand, and its own exit status is
 * reported (dash would otherwise stay as parent and die of the SIGTERM the
 * program handles). Anything else (lists, pipes, background jobs, subshells,
 * groups, assignments, builtins, keywords) runs as written. Quoted text,
 * `${...}`, `$(...)` and redirections like `2>&1` cannot make a list, so they
 * are set aside before looking for `;`, `&`, `|` and the rest.
 */
export function shellScript(command: string): string {
  const bare = unquoted(command)
    .replace(/\$\{[^{}]*\}/g, 'V')
    .replace(/\$\([^()]*\)/g, 'V')
    .replace(/\d*[<>]&\d*-?/g, '>');
  if (/[;&|()`\n{}]/.test(bare)) return command;
  const first = command.trimStart().split(/\s/, 1)[0] ?? '';
  if (!/^[A-Za-z0-9_./~+@%-][^=]*$/.test(first) || SHELL_WORDS.has(first)) return command;
  return `exec ${command}`;
}

/** The command with quoted text (and backslash-escaped characters) replaced by `Q`, scanning left to right. */
export function unquoted(command: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote === undefined) {
      if (c === '\\') {
        i++;
        out += 'Q';
      } else if (c === "'" || c === '"') {
        quote = c;
        out += 'Q';
      } else out += c;
    } else if (c === quote) quote = undefined;
    else if (c === '\\' && quote === '"') i++;
  }
  return out;
}
