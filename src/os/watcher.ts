/**
 * The only file that imports chokidar (loaded on first use, so procman pays
 * for it only with --watch). Watches folders and files for files added,
 * changed or removed; the caller decides what a change means.
 */
import { requireFrom } from '../require-cjs.js';

export interface WatchHandlers {
  /** whether to skip this absolute path (and, for a folder, everything in it) */
  ignored(path: string): boolean;
  /** a file was added, changed or removed: its absolute path */
  changed(path: string): void;
  /** the first scan is done: changes from now on are seen */
  ready(): void;
  error(error: NodeJS.ErrnoException): void;
}

export interface FileWatcher {
  /** stops watching; nothing is reported after it; the event loop is no longer held */
  close(): Promise<void>;
}

export type WatchPaths = (paths: readonly string[], handlers: WatchHandlers) => FileWatcher;

export const watchPaths: WatchPaths = (paths, handlers) => {
  let closed = false;
  // required (chokidar is ESM; Node >= 20.19 requires it) rather than import()ed: the CLI bundle has no import(), so V8's code cache can hold it
  const watcher = new Promise<typeof import('chokidar')>((resolve) => resolve(requireFrom(import.meta.url, 'chokidar'))).then(
    ({ watch }) => {
      if (closed) return undefined;
      const changed = (path: string) => {
        if (!closed) handlers.changed(path);
      };
      return watch([...paths], { ignoreInitial: true, ignored: (path: string) => handlers.ignored(path) })
        .on('add', changed)
        .on('change', changed)
        .on('unlink', changed)
        .on('ready', () => {
          if (!closed) handlers.ready();
        })
        .on('error', (error) => {
          if (!closed) handlers.error(error as NodeJS.ErrnoException);
        });
    },
    (error: NodeJS.ErrnoException) => {
      if (!closed) handlers.error(error);
      return undefined;
    },
  );
  return {
    async close() {
      closed = true;
      await (await watcher)?.close();
    },
  };
};
