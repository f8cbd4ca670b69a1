import { cannotCarry } from './names.js';

/*
 * How supervisord reads a value (supervisor 4, Python 3):
 *  - configparser: one line per value, edges stripped; an indented line
 *    continues it (joined with "\n"); `;` or `#` after whitespace starts a comment.
 *  - `%(here)s` is replaced as plain text, then the value is `%`-formatted: `%` is `%%`.
 *  - command=: split with shlex.split (POSIX quoting; adjacent quoted parts join).
 *  - environment=: a non-POSIX shlex: KEY="value" with no escapes at all, and
 *    quote characters stripped from both ends of the value.
 */

/** One argument of command=, exact for any text without `\r`. */
export function supervisordWord(value: string, what: string): string {
  if (value.includes('\r')) throw cannotCarry(what, value, 'supervisord', 'its config cannot hold a carriage return');
  let out = "'";
  const chars = [...value];
  chars.forEach((char, i) => {
    if (char === "'") out += `'"'"'`;
    else if (char === ';' || char === '#')
      out += `''${char}`; // never after whitespace: no comment
    else if (char === '%')
      out += chars[i + 1] === '(' ? "%%''" : '%%'; // never reads as %(here)s
    else if (char === '\n')
      out += `'"\n  "'`; // newline in double quotes on a continuation line
    else out += char;
  });
  return `${out}'`;
}

/** Whether environment= keeps this value exactly; the others go through `env` in the command. */
export function fitsEnvironment(value: string): boolean {
  if (/[\r\n]/.test(value) || /^['"]|['"]$/.test(value)) return false;
  if (value.includes('"') && value.includes("'")) return false;
  if (/[^\x21-\x7e][;#]/.test(value) || value.includes('%(here)s')) return false;
  return true;
}

/** KEY="value" for environment=, for a value that fitsEnvironment. */
export function environmentPair(name: string, value: string): string {
  const quote = value.includes('"') ? "'" : '"';
  return `${name}=${quote}${value.replace(/%/g, '%%')}${quote}`;
}

/** A plain value (directory=, *_logfile=): `%` escaped, what configparser would change refused. */
export function supervisordPlain(value: string, what: string): string {
  if (/[\r\n]/.test(value) || value !== value.trim() || /[^\x21-\x7e][;#]/.test(value) || value.includes('%(here)s')) {
    throw cannotCarry(what, value, 'supervisord', 'line breaks, edge spaces, " ;" and " #" cannot be written in its config');
  }
  return value.replace(/%/g, '%%');
}
