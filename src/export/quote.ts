import { cannotCarry } from './names.js';

/** POSIX shell single quotes: every byte literal, `'` written as `'\''`. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// XML 1.0 allows tab, newline and carriage return among the C0 controls,
// and not U+FFFE / U+FFFF; a lone surrogate cannot be encoded at all.
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text content of an XML element. `\r` is written as `&#13;` so parsers do not turn it into `\n`. */
export function xmlText(value: string, what: string): string {
  if (XML_FORBIDDEN.test(value)) throw cannotCarry(what, value, 'launchd', 'XML cannot hold this control character');
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

const YAML_NAMED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * A YAML double-quoted scalar. Backslash and quote are escaped; so is every
 * character YAML would fold, reject or read as a line break (C0 and C1
 * controls, DEL, NEL, U+2028/2029, BOM, U+FFFE/FFFF, surrogates); other
 * text stays readable.
 */
export function yamlQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const named = YAML_NAMED[char];
    const code = char.codePointAt(0) ?? 0;
    if (named !== undefined) out += named;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else if (code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

/** Seconds for formats that only take whole seconds: rounded up, at least `min`. */
export function wholeSeconds(ms: number, min = 0): number {
  return Math.max(min, Math.ceil(ms / 1000));
}

/** A duration as `5s`, or `2500ms` when it is not whole seconds (systemd and Compose read both). */
export function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
