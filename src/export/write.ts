import { chmodSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ProcmanError } from '../errors.js';
import { MANIFEST, type Manifest, parseManifest, renderManifest, staleFiles } from './manifest.js';
import type { ExportFile } from './types.js';

function failed(action: string, path: string, error: unknown): ProcmanError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new ProcmanError(`cannot ${action} ${path}: ${code}`, { hint: 'check the export location and its permissions' });
}

/** The previous export's manifest in LOCATION, if any. */
export function readManifest(location: string, shown: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(join(location, MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw failed('read', join(shown, MANIFEST), error);
  }
  return parseManifest(text, join(shown, MANIFEST));
}

/** Removes dir and its parents up to (not including) location while they are empty. */
function removeEmptyDirs(location: string, dir: string): void {
  for (let current = dir; current !== '.' && current !== ''; current = dirname(current)) {
    try {
      rmdirSync(join(location, current));
    } catch {
      return; // not empty (or gone): leave it
    }
  }
}

export interface WriteResult {
  written: string[];
  removed: string[];
}

/**
 * Writes the files into location (created if needed), then removes what the
 * previous export listed and this one did not write, then the new manifest.
 * Nothing outside the manifest is ever removed.
 */
export function writeExportFiles(location: string, files: ExportFile[], manifest: Omit<Manifest, 'files'>, shown: string): WriteResult {
  const previous = readManifest(location, shown);
  try {
    mkdirSync(location, { recursive: true });
    if (!statSync(location).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
  } catch (error) {
    throw failed('create the folder', shown, error);
  }
  for (const file of files) {
    const path = join(location, file.path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content, { mode: file.mode ?? 0o644 });
      chmodSync(path, file.mode ?? 0o644);
    } catch (error) {
      throw failed('write', join(shown, file.path), error);
    }
  }
  const written = files.map((f) => f.path);
  const removed: string[] = [];
  for (const stale of staleFiles(previous, written)) {
    try {
      unlinkSync(join(location, stale));
      removed.push(stale);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw failed('remove', join(shown, stale), error);
    }
    removeEmptyDirs(location, dirname(stale));
  }
  try {
    writeFileSync(join(location, MANIFEST), renderManifest({ ...manifest, files: written }));
  } catch (error) {
    throw failed('write', join(shown, MANIFEST), error);
  }
  return { written, removed };
}

/** Reads the templates a --template folder holds for one format; at least one must be there. */
export function readTemplates(dir: string, names: string[], format: string): Record<string, string> {
  const templates: Record<string, string> = {};
  for (const name of names) {
    try {
      templates[name] = readFileSync(join(dir, name), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw failed('read the template', join(dir, name), error);
    }
  }
  if (Object.keys(templates).length === 0) {
    throw new ProcmanError(`no ${format} templates in ${dir}`, { hint: `a ${format} template folder holds: ${names.join(', ')}` });
  }
  return templates;
}
