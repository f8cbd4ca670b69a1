import { readFileSync, statSync } from 'node:fs';
import { ProcmanError } from '../errors.js';

/**
 * Reads a file procman was told to read, or undefined when it does not exist.
 * Anything but a regular file is refused before it is opened: a directory,
 * and a FIFO or socket nobody writes to, which would block forever.
 */
export function readRegularFile(path: string, { shown = path, what }: { shown?: string; what: string }): Buffer | undefined {
  let kind: string | undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new ProcmanError(`${shown} is a directory, not ${what}`, { hint: 'point at the file itself' });
    if (!stat.isFile()) kind = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device';
  } catch (error) {
    if (error instanceof ProcmanError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ProcmanError(`cannot read ${shown}: ${code ?? String(error)}`);
  }
  if (kind) throw new ProcmanError(`${shown} is ${kind}, not ${what}`, { hint: 'procman reads regular files only' });
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ProcmanError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
