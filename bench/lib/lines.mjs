// The text every benchmark child prints, shared by the children (which write
// it) and the checker (which expects it). A line is `Q<id>:<seq>:<filler>\n`,
// exactly `bytes` long; the filler starts at a letter that depends on id and
// seq, so a line glued from two halves, or cut short, never matches.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
let alpha = ALPHABET.repeat(4);

function filler(offset, length) {
  if (alpha.length < offset + length) alpha = ALPHABET.repeat(Math.ceil((offset + length) / 26) + 1);
  return alpha.substr(offset, length);
}

/** The line without its `\n`. */
export function lineText(id, seq, bytes) {
  const head = `Q${id}:${seq}:`;
  return head + filler((seq * 7 + id) % 26, Math.max(0, bytes - 1 - head.length));
}

/** Matches the start of any child line, to tell child output from a manager's own messages. */
export const CHILD_LINE = /Q(\d+):(\d+):/;
