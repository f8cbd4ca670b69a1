import { terminalOf } from './pty.js';
import { pipeInputOf } from './spawn.js';

/**
 * `--stdin NAME`: procman's own input (what you type in its terminal, a line
 * at a time; or a pipe) goes to that process, on its pty or its stdin pipe,
 * restarts included; the end of procman's input closes the process's pipe.
 * Returns the stop, which lets procman's stdin go (it would keep procman alive).
 */
export function forwardStdin(name: string, stdin: NodeJS.ReadStream = process.stdin): () => void {
  const onData = (chunk: Buffer) => {
    const terminal = terminalOf(name);
    if (terminal) terminal.write(chunk);
    else pipeInputOf(name)?.write(chunk);
  };
  // on a pty, the end is the terminal's end-of-file key (Ctrl-D)
  const onEnd = () => (terminalOf(name) ? terminalOf(name)?.write(Buffer.from([0x04])) : pipeInputOf(name)?.end());
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.on('error', () => {});
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.pause();
    stdin.destroy();
  };
}
