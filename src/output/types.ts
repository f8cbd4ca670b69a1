/** Where formatted bytes go; `write` returns false when the caller should pause. */
export interface ByteSink {
  write(chunk: Buffer): boolean;
}

/** A sink that lends its own buffer, so a printer copies into it directly: `room(n)`, fill from `length`, `commit(n)`. */
export interface BufferSink extends ByteSink {
  readonly length: number;
  room(bytes: number): Buffer;
  commit(bytes: number): boolean;
}

/** Whether the sink lends its buffer (the console's BatchSink does). */
export const lendsBuffer = (out: ByteSink): out is BufferSink => 'room' in out;

/** Colours a prefix for a process type (or `system`); identity when colour is off. */
export type Colourer = (type: string, text: string) => string;
