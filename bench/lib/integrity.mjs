// Reads a sink's bytes back: strips each manager's prefix (or parses its
// record: `contender.parse`), and checks every child line against the text it
// must have (lib/lines.mjs), in order.
import { CHILD_LINE, lineText } from './lines.mjs';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * @param chunks [{ t, data }] as read from the sink
 * @param expected { [id]: count } lines each child prints
 * @returns { intact, lost, torn, disordered, lastLineAt, perProcess }
 *   intact: lines exactly as printed, under the right name, in order;
 *   disordered: intact text arriving after a later line of the same child;
 *   lost: expected lines never seen intact; torn: lines holding child text
 *   that is not one whole expected line (cut, glued or wrapped pieces);
 *   lastLineAt: arrival time of the chunk holding the last intact line.
 */
export function checkOutput(chunks, expected, contender, bytes) {
  const next = new Map(Object.keys(expected).map((id) => [Number(id), 0]));
  const seen = new Map(Object.keys(expected).map((id) => [Number(id), 0]));
  let torn = 0;
  let disordered = 0;
  let lastLineAt;
  let carry = '';
  for (const { t, data } of chunks) {
    const text = carry + data.toString('latin1');
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const verdict = checkLine(text.slice(start, end));
      if (verdict === 'intact') lastLineAt = t;
      start = end + 1;
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) checkLine(carry);

  function checkLine(raw) {
    const line = raw.includes('\x1b') ? raw.replace(ANSI, '') : raw;
    const found = CHILD_LINE.exec(line);
    if (!found) return 'other';
    const match = contender.parse ? contender.parse(line) : contender.prefix.exec(line);
    const id = Number(found[1]);
    const seq = Number(found[2]);
    const body = match ? match[3] : undefined;
    const nameOk = !match || match[1] === '' || match[1].replace(/\.1$/, '') === `p${id}`;
    const markOk = !match || (match[2] !== '+' && !match[2].includes('>'));
    if (!next.has(id) || !match || !nameOk || !markOk || body !== lineText(id, seq, bytes)) {
      torn++;
      return 'torn';
    }
    if (seq < next.get(id)) {
      // a line printed before one already seen (a gap is a loss, not disorder)
      disordered++;
      return 'disordered';
    }
    next.set(id, seq + 1);
    seen.set(id, seen.get(id) + 1);
    return 'intact';
  }

  let intact = 0;
  let total = 0;
  for (const [id, count] of Object.entries(expected)) {
    total += count;
    intact += Math.min(count, seen.get(Number(id)));
  }
  return { intact, lost: total - intact, torn, disordered, lastLineAt };
}
