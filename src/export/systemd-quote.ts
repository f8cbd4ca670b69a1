import { cannotCarry } from './names.js';

// systemd refuses (or ignores) env values and paths with other control characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * A double-quoted word for a unit file: systemd unquotes it and reads C
 * escapes (so `\` and `"` are escaped, newline and tab written as `\n` and
 * `\t`), then expands `%` specifiers (so `%` is written `%%`).
 */
export function systemdWord(value: string, what: string): string {
  if (CONTROL.test(value)) throw cannotCarry(what, value, 'systemd', 'a control character other than tab or newline');
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/%/g, '%%');
  return `"${escaped}"`;
}

/** An ExecStart= argument: also `$` is written `$$`, so systemd expands no variable. */
export function systemdExecWord(value: string, what: string): string {
  return systemdWord(value, what).replace(/\$/g, '$$$$');
}

/**
 * A path setting (WorkingDirectory=, append:), which systemd does not unquote:
 * `%` is escaped; quotes, backslashes, control characters and edge spaces are refused.
 */
export function systemdPath(path: string, what: string): string {
  if (CONTROL.test(path) || /[\t\n"'\\]/.test(path) || path !== path.trim()) {
    throw cannotCarry(what, path, 'systemd', 'quotes, backslashes, control characters and edge spaces are not allowed in a path');
  }
  return path.replace(/%/g, '%%');
}
