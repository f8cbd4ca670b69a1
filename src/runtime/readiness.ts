import { ProcmanError } from '../errors.js';

/**
 * When a process counts as ready, for the processes that start after it:
 * - `started`: once it is running;
 * - `port`: once something in its process group listens on its PORT (or on `port:N`);
 * - `line`: once a line of its output matches a pattern;
 * - `completed`: once it exited with code 0 (Heroku's release phase).
 */
export type ReadyRule = { kind: 'started' } | { kind: 'port'; port?: number } | { kind: 'line'; pattern: RegExp } | { kind: 'completed' };

/** Parses a rule as written after `TYPE=` in --ready: `port`, `port:6379`, `/listening on/i`, `started`. */
export function parseReadyRule(text: string, type: string): ReadyRule {
  const value = text.trim();
  if (value === 'started') return { kind: 'started' };
  if (value === 'port') return { kind: 'port' };
  const port = /^port:(\d+)$/.exec(value);
  if (port) {
    const n = Number(port[1]);
    if (n >= 1 && n <= 65535) return { kind: 'port', port: n };
  }
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(value);
  if (regex) {
    try {
      return { kind: 'line', pattern: new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, '')) };
    } catch (error) {
      throw new ProcmanError(`invalid --ready pattern for ${type}: ${(error as Error).message}`, {
        hint: 'for example --ready web=/listening on/',
      });
    }
  }
  throw new ProcmanError(`invalid --ready rule "${value}" for ${type}: expected port, port:N, /regex/ or started`, {
    hint: 'for example --ready web=port,redis=port:6379,worker=/ready/',
  });
}

/** The rule of a process without one of its own: `port` for web (the type that serves HTTP) and commands that use $PORT; else `started`. */
export function defaultReadyRule(type: string, command: string): ReadyRule {
  return type === 'web' || /\$\{?PORT\b/.test(command) ? { kind: 'port' } : { kind: 'started' };
}

/** Whether any whole line of `bytes` matches the rule's pattern. */
export function lineMatches(pattern: RegExp, bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    if (pattern.test(text.slice(start, end))) return true;
    start = end + 1;
  }
  return start < text.length && pattern.test(text.slice(start));
}

/** How a rule reads in a message: `port 5000`, `a line matching /ready/`, `its start`, `its exit with code 0`. */
export function describeRule(rule: ReadyRule, port: number): string {
  switch (rule.kind) {
    case 'started':
      return 'its start';
    case 'port':
      return `port ${rule.port ?? port}`;
    case 'line':
      return `a line matching ${rule.pattern}`;
    case 'completed':
      return 'its exit with code 0';
  }
}
