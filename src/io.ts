/** What a command may touch of the outside world; tests pass fakes. */
export interface Io {
  /** procman's own messages and `check` output */
  stdout: { write(chunk: string): unknown };
  /** errors and hints */
  stderr: { write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): Io => ({
  stdout: { write: (chunk) => process.stdout.write(chunk) },
  stderr: { write: (chunk) => process.stderr.write(chunk) },
  env: process.env,
  cwd: process.cwd(),
});
