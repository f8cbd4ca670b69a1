import type { ExportOptions } from '../cli.js';
import { ProcmanError } from '../errors.js';
import type { Io } from '../io.js';

export async function exportCommand(format: string, _location: string, _options: ExportOptions, _io: Io): Promise<number> {
  throw new ProcmanError(`export format "${format}" is not available yet`);
}
