/**
 * The control protocol, pure: versioned JSON lines. A request
 * `{"v":1,"id":1,"cmd":"status"}` gets `{"v":1,"id":1,"ok":true,...}` or
 * `{"v":1,"id":1,"ok":false,"error":"..."}`; `logs` with `follow` goes on
 * with `{"v":1,"id":1,"line":"..."}` and `{"v":1,"id":1,"dropped":N}`.
 */

export const PROTOCOL_VERSION = 1;
/** the longest request line the server reads; past it the line is refused and skipped */
export const MAX_REQUEST_BYTES = 64 * 1024;
const MAX_NAMES = 100;
const MAX_NAME_LENGTH = 200;
const MAX_LINES = 100_000;

export type RequestId = number | string | null;

export type Command = 'hello' | 'status' | 'restart' | 'stop' | 'logs' | 'attach' | 'input' | 'resize';
const COMMANDS: readonly Command[] = ['hello', 'status', 'restart', 'stop', 'logs', 'attach', 'input', 'resize'];

export type Request =
  | { id: RequestId; cmd: 'hello' | 'status' }
  | { id: RequestId; cmd: 'restart' | 'stop'; names: string[] }
  | { id: RequestId; cmd: 'logs'; names: string[]; lines: number; follow: boolean }
  /** attach streams `{"data": base64}` of the process's terminal; input writes base64 `data` to it; resize sets its size */
  | { id: RequestId; cmd: 'attach'; name: string }
  | { id: RequestId; cmd: 'input'; name: string; data: Buffer }
  | { id: RequestId; cmd: 'resize'; name: string; cols: number; rows: number };

export type Parsed = { ok: true; request: Request } | { ok: false; id: RequestId; error: string };

/** One request line (without its newline), checked field by field. */
export function parseRequest(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: null, error: 'not JSON: expected one JSON object a line' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, id: null, error: 'expected a JSON object' };
  const fields = value as Record<string, unknown>;
  const id = typeof fields.id === 'number' || typeof fields.id === 'string' ? fields.id : null;
  const fail = (error: string): Parsed => ({ ok: false, id, error });
  if (fields.v !== PROTOCOL_VERSION)
    return fail(`unsupported protocol version ${JSON.stringify(fields.v) ?? 'none'}; this procman speaks v ${PROTOCOL_VERSION}`);
  const cmd = fields.cmd;
  if (typeof cmd !== 'string' || !COMMANDS.includes(cmd as Command)) return fail(`unknown cmd ${clip(cmd)}; known: ${COMMANDS.join(', ')}`);
  if (cmd === 'hello' || cmd === 'status') return { ok: true, request: { id, cmd } };
  if (cmd === 'attach' || cmd === 'input' || cmd === 'resize') {
    const name = fields.name;
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) return fail(`${cmd} needs "name": a process name`);
    if (cmd === 'attach') return { ok: true, request: { id, cmd, name } };
    if (cmd === 'input') {
      if (typeof fields.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(fields.data)) return fail('"data" must be base64');
      return { ok: true, request: { id, cmd, name, data: Buffer.from(fields.data, 'base64') } };
    }
    const { cols, rows } = fields;
    const size = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1000;
    if (!size(cols) || !size(rows)) return fail('"cols" and "rows" must be whole numbers from 1 to 1000');
    return { ok: true, request: { id, cmd, name, cols: cols as number, rows: rows as number } };
  }
  const names = fields.names ?? [];
  if (
    !Array.isArray(names) ||
    names.length > MAX_NAMES ||
    !names.every((n) => typeof n === 'string' && n.length > 0 && n.length <= MAX_NAME_LENGTH)
  ) {
    return fail(`"names" must be a list of at most ${MAX_NAMES} process names`);
  }
  if (cmd === 'restart' || cmd === 'stop') {
    if (names.length === 0) return fail(`${cmd} needs "names"`);
    return { ok: true, request: { id, cmd, names } };
  }
  const lines = fields.lines ?? 100;
  if (typeof lines !== 'number' || !Number.isInteger(lines) || lines < 0 || lines > MAX_LINES)
    return fail(`"lines" must be a whole number from 0 to ${MAX_LINES}`);
  const follow = fields.follow ?? false;
  if (typeof follow !== 'boolean') return fail('"follow" must be true or false');
  return { ok: true, request: { id, cmd: 'logs', names, lines, follow } };
}

function clip(value: unknown): string {
  const text = JSON.stringify(value) ?? 'none';
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A reply or message as one line. */
export function formatMessage(id: RequestId, body: Record<string, unknown>): string {
  return `${JSON.stringify({ v: PROTOCOL_VERSION, id, ...body })}\n`;
}

export const okReply = (id: RequestId, body: Record<string, unknown> = {}): string => formatMessage(id, { ok: true, ...body });
export const errorReply = (id: RequestId, error: string): string => formatMessage(id, { ok: false, error });

/** A piece of input: a whole line, or a line that was too long (its bytes were skipped). */
export type Piece = { line: string } | { tooLong: true };

/**
 * Splits a byte stream into lines of at most `cap` bytes. A longer line is
 * reported once as `tooLong` and its bytes are dropped up to its newline, so
 * memory stays bounded whatever is sent.
 */
export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;

  constructor(private readonly cap: number = MAX_REQUEST_BYTES) {}

  push(chunk: Buffer): Piece[] {
    const pieces: Piece[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.take(chunk.subarray(start, nl), pieces);
      if (this.skipping) this.skipping = false;
      else pieces.push({ line: Buffer.concat(this.parts).toString('utf8').replace(/\r$/, '') });
      this.parts = [];
      this.size = 0;
      start = nl + 1;
    }
    this.take(chunk.subarray(start), pieces);
    return pieces;
  }

  private take(bytes: Buffer, pieces: Piece[]): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.size + bytes.length > this.cap) {
      this.skipping = true;
      this.parts = [];
      this.size = 0;
      pieces.push({ tooLong: true });
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
  }
}
