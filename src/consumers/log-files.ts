import { closeSync, constants, write as fsWrite, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProcmanError } from '../errors.js';
import { oneAtATime } from '../output/lane.js';
import { FdSink } from '../output/sink.js';
import type { LogFileEvent } from '../runtime/events.js';
import type { LossyConsumer } from '../runtime/fanout.js';
import { LogFile } from './log-file.js';

/** A log file's queue: past it, its lines are dropped until the disk catches up. */
export const LOG_QUEUE_BYTES = 8 * 1024 * 1024;

export interface LogFilesOptions {
  /** the folder, as given (--log-dir) */
  dir: string;
  /** what `dir` is relative to */
  cwd: string;
  /** one file per process: `<dir>/<name>.log` */
  names: string[];
  /** a file could not be written (the disk is full, an I/O error): it is written no more */
  report(event: LogFileEvent): void;
}

export interface LogFiles {
  consumers: LossyConsumer[];
  /** Waits up to `graceMs` for every file to take its lines, then closes them; reports those that did not. */
  finish(graceMs: number): Promise<void>;
}

// O_NONBLOCK: a FIFO without a reader is an error at once instead of a hang; regular files ignore it.
const FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;

/**
 * Opens (creating, appending) one log file per process before anything
 * starts; a folder or file that cannot be made is a ProcmanError. Each file
 * has its own bounded queue; all write through one lane (output/lane.ts).
 */
export function openLogFiles({ dir, cwd, names, report }: LogFilesOptions): LogFiles {
  const folder = resolve(cwd, dir);
  makeFolder(folder, dir);
  const write = oneAtATime(fsWrite);
  const files = names.map((name) => {
    const path = join(dir, `${name}.log`);
    let failed = false;
    const fail = (code: string) => {
      if (failed) return;
      failed = true;
      report({ kind: 'log-file', name, path, code, at: Date.now() });
    };
    const fd = openLog(resolve(folder, `${name}.log`), path);
    const sink = new FdSink({ fd, highWater: LOG_QUEUE_BYTES, write, onError: (error) => fail(error.code ?? 'EIO') });
    return { fd, sink, fail, consumer: new LogFile(name, sink) };
  });
  return {
    consumers: files.map((f) => f.consumer),
    async finish(graceMs) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((done) => {
        timer = setTimeout(done, graceMs);
      });
      await Promise.race([Promise.all(files.map((f) => f.sink.flush())), grace]);
      clearTimeout(timer);
      for (const file of files) {
        if (file.sink.pending > 0) file.fail('ETIMEDOUT');
        // a write still in flight (a hung disk) keeps its fd: closing it could hit a reused number
        if (file.sink.abandon()) closeSync(file.fd);
      }
    },
  };
}

function makeFolder(folder: string, shown: string): void {
  const hint = 'check the path given to --log-dir';
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new ProcmanError(`the log folder is not a directory: ${shown}`, { hint });
    throw new ProcmanError(`cannot create the log folder ${shown}: ${code}`, { hint });
  }
}

function openLog(path: string, shown: string): number {
  try {
    return openSync(path, FLAGS, 0o644);
  } catch (error) {
    const code = codeOf(error);
    const why = code === 'ENXIO' ? 'a FIFO that nobody reads (ENXIO)' : code;
    throw new ProcmanError(`cannot open the log file ${shown}: ${why}`, { hint: 'check the path given to --log-dir' });
  }
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);
