import { describe, expect, it } from 'vitest';
import { shellScript, unquoted } from '../../../src/os/shell.js';

describe('shellScript', () => {
  it.each([
    ['node web.js', 'exec node web.js'],
    ['bundle exec puma -p $PORT', 'exec bundle exec puma -p $PORT'],
    ['./bin/web --port=$PORT', 'exec ./bin/web --port=$PORT'],
    ['/usr/bin/env node web.js', 'exec /usr/bin/env node web.js'],
    ['~/bin/web', 'exec ~/bin/web'],
    ['node web.js > web.log', 'exec node web.js > web.log'],
    ['node\tweb.js', 'exec node\tweb.js'],
    ['gunicorn app:app', 'exec gunicorn app:app'],
    ['@scope/bin x', 'exec @scope/bin x'],
    ['node web.js --port ${PORT:-3000}', 'exec node web.js --port ${PORT:-3000}'],
    ['node web.js --port ${PORT}', 'exec node web.js --port ${PORT}'],
    ['node web.js 2>&1', 'exec node web.js 2>&1'],
    ['node web.js >&2', 'exec node web.js >&2'],
    ['node web.js 3<&0', 'exec node web.js 3<&0'],
    ['node $(which web.js)', 'exec node $(which web.js)'],
    ['node $(a; b)', 'exec node $(a; b)'],
    ['node -e "a(); b() | c"', 'exec node -e "a(); b() | c"'],
    ["echo 'a && b; (c)'", "exec echo 'a && b; (c)'"],
    ['echo "it\'s; \\"x\\" (ok)"', 'exec echo "it\'s; \\"x\\" (ok)"'],
    ['echo a\\;b', 'exec echo a\\;b'],
    ['node ${A:-$(b)}', 'exec node ${A:-$(b)}'],
    ['node "$HOME/web.js" \'a b\'', 'exec node "$HOME/web.js" \'a b\''],
  ])("a simple command is exec'd: %s", (command, script) => {
    expect(shellScript(command)).toBe(script);
  });

  it.each([
    ['list', 'npm run build; node web.js'],
    ['and', 'npm run migrate && node web.js'],
    ['or', 'node web.js || echo failed'],
    ['pipe', 'node web.js | tee web.log'],
    ['background', 'node web.js &'],
    ['subshell', '(cd app && node web.js)'],
    ['nested command substitution', 'node $(a $(b))'],
    ['arithmetic expansion', 'node $((1+2))'],
    ['redirect after a background &', 'node web.js &> web.log'],
    ['redirect and background', 'node web.js 2>&1 &'],
    ['redirect then a list', 'node web.js 2>&1; echo done'],
    ['pipe after quotes', 'node -e "x;" | tee log'],
    ['list after a quoted \\"', 'echo "a\\"b"; echo c'],
    ['comment with a ;', 'node web.js # start; then wait'],
    ['backticks', 'node `which web.js`'],
    ['braces', '{ node web.js; }'],
    ['brace expansion', 'node web.js {a,b}'],
    ['newline', 'node a.js\nnode b.js'],
  ])('a %s runs as written', (_label, command) => {
    expect(shellScript(command)).toBe(command);
  });

  it.each([['FOO=1 node web.js'], ['A=1 B=2 node web.js'], ['PATH=./bin:$PATH web']])(
    'leading assignments run as written: %s',
    (command) => {
      expect(shellScript(command)).toBe(command);
    },
  );

  it.each([
    ['cd app'],
    ['if'],
    ['. ./env.sh'],
    ['source ./env.sh'],
    ['export FOO=1'],
    ['exec node web.js'],
    ['exit 3'],
    ['trap "" TERM'],
    ['ulimit -n 4096'],
    ['umask 022'],
    ['set -e'],
    ['eval "$CMD"'],
    ['wait'],
    ['time node web.js'],
    ['while true'],
    ['[ -f x ]'],
    ['[[ -f x ]]'],
    ['! node web.js'],
    [': nothing'],
  ])('shell builtins and keywords run as written: %s', (command) => {
    expect(shellScript(command)).toBe(command);
  });

  it.each([['$CMD --flag'], ['"my prog" arg'], ["'node' web.js"], ['\\node web.js']])(
    'a first word the shell must expand or unquote runs as written: %s',
    (command) => {
      expect(shellScript(command)).toBe(command);
    },
  );

  // Was a bug (found by these tests, fixed in a728d11): `${PORT:-3000}` and
  // `2>&1` counted as groups/lists, so dash stayed the parent (dash 0.5.12 forks
  // even for `sh -c 'sleep 2'`) and died of the group SIGTERM.
  it('an unterminated quote: the rest is quoted, the first word decides', () => {
    expect(shellScript("node 'a; b")).toBe("exec node 'a; b");
    expect(shellScript("'node a; b")).toBe("'node a; b");
  });

  it('an empty command stays empty', () => {
    expect(shellScript('')).toBe('');
  });

  it('leading whitespace: the first word is still found', () => {
    expect(shellScript('  node web.js')).toBe('exec   node web.js');
    expect(shellScript('  cd app')).toBe('  cd app');
  });
});

describe('unquoted', () => {
  it.each([
    ['node web.js', 'node web.js'],
    ['a "b; c" d', 'a Q d'],
    ["a 'b \\' c", 'a Q c'],
    ['a "b \\" c" d', 'a Q d'],
    ['a \\; b', 'a Q b'],
    ['a "it\'s" b', 'a Q b'],
    ['a "open; rest', 'a Q'],
  ])('%j -> %j', (command, bare) => {
    expect(unquoted(command)).toBe(bare);
  });
});
