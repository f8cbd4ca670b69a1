const NEWLINE = 0x0a;

/**
 * Where each line of the last scanned batch ends (the index after its `\n`).
 * One array for every batch, grown when a batch has more lines: scanning
 * allocates nothing per line.
 */
let ends = new Uint32Array(1024);

/** The batch last scanned, and its lines: another consumer of the same event asks `lineCount` without a second pass. */
let scanned: Buffer | undefined;
let scannedLines = 0;

/** How many lines (`\n`) `data` holds: known without a pass when the console just scanned this very batch. */
export function lineCount(data: Buffer): number {
  if (data === scanned) return scannedLines;
  let lines = 0;
  for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) lines++;
  return lines;
}

/** Finds the lines of `data` (whole lines, each ending in `\n`); returns how many. */
export function scanLines(data: Buffer): number {
  scanned = data;
  scannedLines = countEnds(data);
  return scannedLines;
}

function countEnds(data: Buffer): number {
  let lines = 0;
  for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) {
    if (lines === ends.length) {
      const grown = new Uint32Array(lines * 2);
      grown.set(ends);
      ends = grown;
    }
    ends[lines++] = i + 1;
  }
  return lines;
}

/** The size of `data` with `first` before its first line and `prefix` before each other one. */
export function prefixedSize(data: Buffer, lines: number, prefix: Buffer, first: Buffer): number {
  return data.length + first.length + prefix.length * Math.max(0, lines - 1);
}

/**
 * Copies `data` into `out` at `at`, `first` before its first line and
 * `prefix` before each other one; `lines` is what `scanLines(data)` just
 * returned. The whole batch is copied once to where its last line ends up,
 * then each line moves down within `out` (copyWithin) behind its prefix
 * (set): neither allocates, unlike Buffer#copy of a slice, which makes a view
 * per line. Returns the end in `out`.
 */
export function copyPrefixed(data: Buffer, lines: number, prefix: Buffer, first: Buffer, out: Buffer, at: number): number {
  const count = Math.max(1, lines);
  const base = at + first.length + prefix.length * (count - 1);
  out.set(data, base);
  out.set(first, at);
  let to = at + first.length;
  let start = 0;
  for (let k = 0; k < count; k++) {
    const end = lines === 0 ? data.length : (ends[k] as number);
    if (k > 0) {
      out.set(prefix, to);
      to += prefix.length;
    }
    out.copyWithin(to, base + start, base + end);
    to += end - start;
    start = end;
  }
  return to;
}

/**
 * Copies each line of `data` (as `scanLines(data)` just found) into `out` at
 * `at`, `first` before the first line, `joint` between two lines (replacing
 * the `\n`) and `last` after the last one (replacing its `\n`): NDJSON
 * records, where `joint` is the end of a record and the head of the next.
 * The batch is copied once to where the records end, then each line moves
 * down (copyWithin): nothing is allocated per line, no line is overwritten
 * before it moves, and a line costs two copies. `out` needs room for
 * `surroundedSize` bytes from `at`. Returns the end in `out`.
 */
export function copySurrounded(data: Buffer, lines: number, first: Buffer, joint: Buffer, last: Buffer, out: Buffer, at: number): number {
  if (lines === 0) return at;
  const base = at + surroundedSize(data, lines, first, joint, last) - data.length;
  out.set(data, base);
  out.set(first, at);
  let to = at + first.length;
  let start = 0;
  for (let k = 0; k < lines; k++) {
    const end = ends[k] as number;
    if (k > 0) {
      out.set(joint, to);
      to += joint.length;
    }
    out.copyWithin(to, base + start, base + end - 1);
    to += end - 1 - start;
    start = end;
  }
  out.set(last, to);
  return to + last.length;
}

/** The size `copySurrounded` writes. */
export function surroundedSize(data: Buffer, lines: number, first: Buffer, joint: Buffer, last: Buffer): number {
  if (lines === 0) return 0;
  return data.length - lines + first.length + joint.length * (lines - 1) + last.length;
}
