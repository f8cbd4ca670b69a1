/** Where formatted bytes go; `write` returns false when the caller should pause. */
export interface ByteSink {
  write(chunk: Buffer): boolean;
}

/** Colours a prefix for a process type (or `system`); identity when colour is off. */
export type Colourer = (type: string, text: string) => string;
