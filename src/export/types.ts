import type { ProcessSpec } from '../project/ports.js';

/** One file an export writes, relative to LOCATION. */
export interface ExportFile {
  path: string;
  content: string;
  /** file mode; 0o644 when absent */
  mode?: number;
}

/** Everything a renderer needs besides the processes; all values already validated. */
export interface ExportContext {
  /** `-a`, or the root folder's name: a safe name (see names.ts) */
  app: string;
  /** absolute working directory of the processes */
  root: string;
  /** `-u`, a safe user name */
  user?: string;
  /** `-l` as an absolute path, when given */
  logDir?: string;
  /** `-t` in milliseconds */
  timeoutMs: number;
  /** `--image`: the image to run (kubernetes needs it; compose uses it for `image:`) */
  image?: string;
  /** templates read from `--template DIR`, by template name */
  templates: Record<string, string>;
}

export type Renderer = (specs: ProcessSpec[], context: ExportContext) => ExportFile[];

/** The log folder: `-l`, else /var/log/<app> as Foreman does. */
export function logDirOf({ logDir, app }: ExportContext): string {
  return logDir ?? `/var/log/${app}`;
}

/** Process types in Procfile order, with how many instances each runs. */
export function typesOf(specs: ProcessSpec[]): Array<{ type: string; count: number; first: ProcessSpec }> {
  const types: Array<{ type: string; count: number; first: ProcessSpec }> = [];
  for (const spec of specs) {
    const known = types.find((t) => t.type === spec.type);
    if (known) known.count++;
    else types.push({ type: spec.type, count: 1, first: spec });
  }
  return types;
}
