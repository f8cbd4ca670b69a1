import { ProcmanError } from '../errors.js';

/** The file an export leaves in LOCATION, listing what it wrote there. */
export const MANIFEST = '.procman-export.json';

export interface Manifest {
  format: string;
  app: string;
  /** paths relative to LOCATION */
  files: string[];
}

export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify({ 'written-by': 'procman export', ...manifest }, null, 2)}\n`;
}

/** A path inside LOCATION: relative, no `..`, no empty or `.` segment. */
export function isInside(path: string): boolean {
  return path !== MANIFEST && !path.startsWith('/') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** Reads a manifest; anything else (or a path outside LOCATION) is an error, so nothing is deleted by mistake. */
export function parseManifest(text: string, shown: string): Manifest {
  const invalid = (why: string) =>
    new ProcmanError(`${shown} is not a procman export manifest: ${why}`, {
      hint: 'remove it if you wrote it; procman will then overwrite its files without removing old ones',
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  const { format, app, files } = (data ?? {}) as Partial<Record<keyof Manifest, unknown>>;
  if (typeof format !== 'string' || typeof app !== 'string' || !Array.isArray(files)) throw invalid('missing format, app or files');
  for (const file of files) {
    if (typeof file !== 'string' || !isInside(file)) throw invalid(`unsafe path ${JSON.stringify(file)}`);
  }
  return { format, app, files: files as string[] };
}

/** Files the previous export wrote that this one does not write again: the ones to remove. */
export function staleFiles(previous: Manifest | undefined, written: string[]): string[] {
  if (!previous) return [];
  const now = new Set(written);
  return previous.files.filter((file) => !now.has(file));
}
