import { type Problem, problemError } from '../problems.js';

/** What one line of the Procfile says. */
export interface ProcfileEntry {
  name: string;
  command: string;
  line: number;
}

export interface ProcfileResult {
  entries: ProcfileEntry[];
  problems: Problem[];
}

const NAME = /^[A-Za-z0-9_-]+$/;
// Foreman's grammar: a name, a colon, optional whitespace, the rest of the line.
const ENTRY = /^([A-Za-z0-9_-]+):[ \t]*(.*)$/s;

/**
 * Decodes Procfile bytes to text: a UTF-8 BOM is dropped, UTF-16 (what
 * PowerShell's `echo ... > Procfile` writes) is decoded by its BOM. Any other
 * bytes are read as UTF-8; an invalid sequence becomes U+FFFD, which
 * lintProcfile reports on an entry line (a command cannot be passed to the
 * shell byte for byte once decoded, so it is refused rather than altered).
 */
export function decodeProcfile(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  return buf.toString('utf8');
}

/** A quoted piece of a line in a message: at most 80 characters. */
const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

const CONTINUED = {
  message: 'a command continued over several lines',
  hint: 'a Procfile command is one line: move the script into a file and run that',
};

/** Explains a line that is not `<name>: <command>`, with the fix real files need. */
function explain(raw: string, previous: string | undefined): { message: string; hint?: string } {
  const trimmed = excerpt(raw.trim());
  const indented = raw !== raw.trimStart();
  if (raw.includes('\0')) {
    return { message: 'binary data (NUL byte); a Procfile is a text file', hint: 'check that -f names the Procfile' };
  }
  if (previous !== undefined && /(\\|&&|\|\||\|)\s*$/.test(previous)) return CONTINUED;
  if (indented && previous !== undefined && !ENTRY.test(trimmed)) return CONTINUED;
  const quoted = /^(["'`])(.*)\1$/.exec(trimmed);
  if (quoted) return { message: 'the whole line is in quotes', hint: `remove the quotes: ${quoted[2]}` };
  if (indented && ENTRY.test(trimmed)) {
    return { message: 'an indented entry', hint: `remove the leading whitespace: ${trimmed}` };
  }
  if (/^(\$|heroku\s|git\s)/.test(trimmed)) {
    return { message: `a shell note, not a process entry: "${trimmed}"`, hint: 'comment it out with #' };
  }
  const spaced = /^([A-Za-z0-9_-]+)\s+:\s*(.*)$/.exec(trimmed);
  if (spaced) return { message: 'a space before the colon', hint: `did you mean \`${spaced[1]}: ${spaced[2]}\`?` };
  const unnamed = /^:\s*(.*)$/.exec(trimmed);
  if (unnamed) return { message: 'a command without a name', hint: `did you mean \`web: ${unnamed[1]}\`?` };
  const badName = /^([^:\s]+):/.exec(trimmed);
  if (badName) {
    return {
      message: `invalid process type name "${badName[1]}"`,
      hint: 'a name is letters, digits, _ and - only, like web or worker_2',
    };
  }
  const words = /^([A-Za-z0-9_-]+)\s+(\S.*)$/.exec(trimmed);
  if (words && /^(web|worker|clock|release|app|api|bot|scheduler|beat|celery|main)$/.test(words[1] ?? '')) {
    return { message: 'no colon after the process type', hint: `did you mean \`${words[1]}: ${words[2]}\`?` };
  }
  return {
    message: `not a process entry: "${trimmed}"`,
    hint: `give the command a name, like \`web: ${trimmed}\`, or comment the line out with #`,
  };
}

/**
 * Parses Procfile text. Every line is an entry, a `#` comment or blank;
 * anything else is a problem (Foreman skips such lines silently).
 */
export function lintProcfile(text: string, file = 'Procfile'): ProcfileResult {
  const entries: ProcfileEntry[] = [];
  const problems: Problem[] = [];
  const firstLine = new Map<string, number>();
  // \r\n, \n, and a lone \r (classic Mac) end a line
  const lines = text.split(/\r\n|\n|\r/);
  let previous: string | undefined;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      previous = undefined;
      return;
    }
    const match = raw.includes('\0') ? null : ENTRY.exec(raw.trimEnd());
    if (!match) {
      problems.push({ file, line: lineNo, ...explain(raw, previous) });
      previous = raw;
      return;
    }
    const [, name = '', command = ''] = match;
    if (command.includes('\uFFFD')) {
      problems.push({
        file,
        line: lineNo,
        message: 'not valid UTF-8',
        hint: 'save the Procfile as UTF-8 (it looks like another encoding, such as Latin-1)',
      });
    } else if (command.trim() === '') {
      problems.push({ file, line: lineNo, message: `process type "${name}" has no command`, hint: `write \`${name}: <command>\`` });
    } else if (firstLine.has(name)) {
      problems.push({
        file,
        line: lineNo,
        message: `duplicate process type "${name}" (first on line ${firstLine.get(name)})`,
        hint: `rename one of them, like ${name}2`,
      });
    } else {
      firstLine.set(name, lineNo);
      entries.push({ name, command: command.trim(), line: lineNo });
    }
    previous = raw;
  });
  if (entries.length === 0 && problems.length === 0) {
    problems.push({
      file,
      message: 'no processes defined (the file is empty or only comments)',
      hint: 'add a line like `web: node server.js`',
    });
  }
  return { entries, problems };
}

/** Parses Procfile text, throwing the first problem as a ProcmanError. */
export function parseProcfile(text: string, file = 'Procfile'): ProcfileEntry[] {
  const { entries, problems } = lintProcfile(text, file);
  const [first] = problems;
  if (first) throw problemError(first, problems.length - 1);
  return entries;
}

export function isValidName(name: string): boolean {
  return NAME.test(name);
}
