// A benchmark child: prints `count` lines of `bytes` bytes (see ../lib/lines.mjs),
// writing whole lines in chunks of at most 4 KiB (one line per write when a line
// is longer), waiting for 'drain' when the pipe is full. Then it waits at a
// barrier until all `procs` children of the run have written everything, so
// the first exit (which makes Foreman-style managers stop the others) never
// cuts a sibling short. Usage: node lines.mjs id count bytes barrierDir procs
import { readdirSync, writeFileSync } from 'node:fs';
import { lineText } from '../lib/lines.mjs';

const [id, count, bytes] = process.argv.slice(2, 5).map(Number);
const [barrier, procs] = [process.argv[5], Number(process.argv[6] ?? 1)];
const CHUNK = 4096;

function write(text) {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

let chunk = '';
for (let seq = 0; seq < count; seq++) {
  const line = `${lineText(id, seq, bytes)}\n`;
  if (chunk.length + line.length > CHUNK && chunk.length > 0) {
    await write(chunk);
    chunk = '';
  }
  chunk += line;
  if (chunk.length >= CHUNK) {
    await write(chunk);
    chunk = '';
  }
}
if (chunk.length > 0) await write(chunk);
await new Promise((resolve) => process.stdout.write('', resolve));

if (barrier) {
  writeFileSync(`${barrier}/done.${id}`, '');
  while (readdirSync(barrier).filter((f) => f.startsWith('done.')).length < procs) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
