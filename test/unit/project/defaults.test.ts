import { describe, expect, it } from 'vitest';
import { type Dialect, layerDefaults, parseDefaults } from '../../../src/project/defaults.js';

// The defaults files from their text: no filesystem. Values are what the flag would hold.

const procman = (text: string) => parseDefaults(text, { file: 'procman.yml', dialect: 'procman' });
const foreman = (text: string) => parseDefaults(text, { file: '.foreman', dialect: 'foreman' });

/** The flag values read from `text`, which must have no problem. */
function values(text: string, dialect: Dialect = 'procman'): Record<string, string | boolean> {
  const read = dialect === 'procman' ? procman(text) : foreman(text);
  expect(read.problems).toEqual([]);
  return Object.fromEntries(Object.entries(read.values).map(([key, setting]) => [key, setting.value]));
}

/** The one problem of `text`, as `line: message` and its hint. */
function problem(text: string, dialect: Dialect = 'procman'): { at: string; hint: string | undefined } {
  const read = dialect === 'procman' ? procman(text) : foreman(text);
  expect(read.problems).toHaveLength(1);
  const [first] = read.problems;
  return { at: `${first?.file}:${first?.line}: ${first?.message}`, hint: first?.hint };
}

describe('each key, written as its flag takes it', () => {
  it("Foreman's options, as in the man page example", () => {
    expect(values('formation: alpha=0,bravo=1\nport: 15000\n', 'foreman')).toEqual({ formation: 'alpha=0,bravo=1', port: '15000' });
  });

  it('paths, names and numbers as strings', () => {
    const text = 'procfile: Procfile.dev\nroot: ../app\napp: myapp\nuser: 1000\nlog: /var/log/x\nrun: /var/run/x\ntemplate: ./t\n';
    expect(values(text)).toEqual({
      procfile: 'Procfile.dev',
      root: '../app',
      app: 'myapp',
      user: '1000',
      log: '/var/log/x',
      run: '/var/run/x',
      template: './t',
    });
  });

  it('env: a string or a list', () => {
    expect(values('env: .env,.env.local')).toEqual({ env: '.env,.env.local' });
    expect(values('env: [.env, .env.local]')).toEqual({ env: '.env,.env.local' });
    expect(values('env:\n  - .env\n  - .env.local\n')).toEqual({ env: '.env,.env.local' });
  });

  it('formation: a string or a map of counts', () => {
    expect(values('formation: all=1,web=2')).toEqual({ formation: 'all=1,web=2' });
    expect(values('formation:\n  all: 1\n  web: 2\n  worker: 0\n')).toEqual({ formation: 'all=1,web=2,worker=0' });
  });

  it('port: a number, or a string of digits', () => {
    expect(values('port: 5000')).toEqual({ port: '5000' });
    expect(values('port: "5000"')).toEqual({ port: '5000' });
  });

  it('timeout: seconds, fractions too', () => {
    expect(values('timeout: 10')).toEqual({ timeout: '10' });
    expect(values('timeout: 0.5')).toEqual({ timeout: '0.5' });
  });

  it('color and timestamp: booleans, as --color / --no-color and --no-timestamp', () => {
    expect(values('color: false\ntimestamp: false\n')).toEqual({ color: false, timestamp: false });
    expect(values('color: true\ntimestamp: true\n')).toEqual({ color: true, timestamp: true });
  });

  it('.foreman is YAML 1.1, as Ruby reads it: yes and no are booleans', () => {
    expect(values('color: yes\ntimestamp: no\n', 'foreman')).toEqual({ color: true, timestamp: false });
  });

  it('restart: a string, a list of types, or a map of type to mode', () => {
    expect(values('restart: worker,clock=always')).toEqual({ restart: 'worker,clock=always' });
    expect(values('restart: all')).toEqual({ restart: 'all' });
    expect(values('restart: [worker, clock]')).toEqual({ restart: 'worker,clock' });
    expect(values('restart:\n  worker: on-failure\n  clock: always\n')).toEqual({ restart: 'worker=on-failure,clock=always' });
  });

  it('can-die: a string or a list', () => {
    expect(values('can-die: migrate,assets')).toEqual({ 'can-die': 'migrate,assets' });
    expect(values('can-die: [migrate, assets]')).toEqual({ 'can-die': 'migrate,assets' });
  });

  it("ready, after, watch, stop-signal: maps of type to value, or the flag's string", () => {
    const text = [
      'ready: { web: port, db: "/ready to accept/", api: "port:4000", job: started }',
      'after: { web: [db, redis], worker: db }',
      'watch:',
      '  web: [src, "lib/**/*.ts"]',
      'stop-signal: { web: INT, worker: SIGQUIT }',
      '',
    ].join('\n');
    expect(values(text)).toEqual({
      ready: 'web=port,db=/ready to accept/,api=port:4000,job=started',
      after: 'web=db,redis,worker=db',
      watch: 'web=src,lib/**/*.ts',
      'stop-signal': 'web=INT,worker=SIGQUIT',
    });
    expect(values('ready: web=port,db=/ready/\nstop-signal: web=INT\n')).toEqual({
      ready: 'web=port,db=/ready/',
      'stop-signal': 'web=INT',
    });
  });

  it('an empty file, or one of comments, sets nothing', () => {
    expect(values('')).toEqual({});
    expect(values('# port: 5000\n', 'foreman')).toEqual({});
  });

  it('keeps the file and line of each value', () => {
    expect(procman('\n# the port\nport: 5000\n').values.port).toEqual({ value: '5000', file: 'procman.yml', line: 3 });
  });
});

describe('problems: file, line, what is wrong, a hint', () => {
  it('an unknown key, with the closest key', () => {
    expect(problem('port: 5000\n\nrestrat: worker\n')).toEqual({
      at: 'procman.yml:3: unknown key "restrat"',
      hint: 'did you mean "restart"?',
    });
    expect(problem('tmeout: 3').hint).toBe('did you mean "timeout"?');
    expect(problem('stopsignal: { web: INT }').hint).toBe('did you mean "stop-signal"?');
  });

  it('camelCase and snake_case names are near misses', () => {
    expect(problem('canDie: [migrate]').hint).toBe('did you mean "can-die"?');
    expect(problem('can_die: [migrate]').hint).toBe('did you mean "can-die"?');
    expect(problem('Port: 5000').hint).toBe('did you mean "port"?');
  });

  it('an unknown key nothing is close to lists the keys', () => {
    expect(problem('zzz: 1', 'foreman')).toEqual({
      at: '.foreman:1: unknown key "zzz"',
      hint: 'known keys: procfile, root, env, formation, port, timeout, color, timestamp, app, user, log, run, template',
    });
  });

  it(".foreman: procman's own settings belong in procman.yml", () => {
    expect(problem('restart: worker', 'foreman')).toEqual({
      at: '.foreman:1: "restart" is a procman setting, not a Foreman option',
      hint: 'move it to procman.yml',
    });
  });

  it(".foreman: concurrency is read as formation (Foreman's old name); both at once is an error", () => {
    expect(values('concurrency: web=2', 'foreman')).toEqual({ formation: 'web=2' });
    expect(problem('formation: web=1\nconcurrency: web=2\n', 'foreman')).toEqual({
      at: '.foreman:2: "concurrency" and "formation" (line 1) both set formation',
      hint: 'keep one: "concurrency" is Foreman\'s old name',
    });
    expect(problem('concurrency: web=2')).toEqual({
      at: 'procman.yml:1: unknown key "concurrency"',
      hint: 'did you mean "formation"? ("concurrency" is Foreman\'s old name for it)',
    });
  });

  it.each([
    ['port: abc', 'procman.yml:1: "port" must be a number from 1 to 65535', 'for example port: 5000'],
    ['port: 70000', 'procman.yml:1: "port" must be a number from 1 to 65535', 'for example port: 5000'],
    ['port:', 'procman.yml:1: "port" must be a number from 1 to 65535', 'for example port: 5000'],
    ['color: yes', 'procman.yml:1: "color" must be true or false', 'for example color: false'],
    ['timestamp: "false"', 'procman.yml:1: "timestamp" must be true or false', 'for example timestamp: false'],
    ['procfile: [a, b]', 'procman.yml:1: "procfile" must be a path, like Procfile.dev', 'for example procfile: Procfile.dev'],
    ['root: ""', 'procman.yml:1: "root" must be a folder, like ../app', 'for example root: ../app'],
    ['env: []', 'procman.yml:1: "env" must be a file or a list of files', 'for example env: [.env, .env.local]'],
    [
      'env: [a.env, "b,c.env"]',
      'procman.yml:1: "env" item "b,c.env" has a comma, which separates items',
      'for example env: [.env, .env.local]',
    ],
    ['can-die: { migrate: true }', 'procman.yml:1: "can-die" must be a list of process types', 'for example can-die: [migrate, assets]'],
    [
      'after: [db]',
      'procman.yml:1: "after" must be a map of process type to the types it waits for',
      'for example after: { web: [db, redis] }',
    ],
    [
      'ready: { web: [port] }',
      'procman.yml:1: "ready" must be a map of process type to a rule (port, port:N, /regex/, started)',
      'for example ready: { web: port }',
    ],
    [
      'stop-signal: { "web 1": INT }',
      'procman.yml:1: "stop-signal" key "web 1" is not a process type (letters, digits, _ and -)',
      'for example stop-signal: { web: INT }',
    ],
  ])('%s', (text, at, hint) => {
    expect(problem(text)).toEqual({ at, hint });
  });

  it('a wrong value inside a map is reported at its own line', () => {
    expect(problem('formation:\n  web: 2\n  worker: x\n')).toEqual({
      at: 'procman.yml:3: "formation" must be a map of process type to count, or a string like all=1,web=2',
      hint: 'for example formation: { all: 1, web: 2 }',
    });
    expect(problem('watch:\n  web:\n    - src\n    - "{a,b}"\n').at).toBe(
      'procman.yml:4: "watch" item "{a,b}" has a comma, which separates items',
    );
  });

  it("what the flag's own parse function refuses, at the key's line", () => {
    expect(problem('port: 1\ntimeout: -1\n')).toEqual({
      at: 'procman.yml:2: invalid timeout "-1": expected a number of seconds, 0 or more',
      hint: 'for example timeout: 10',
    });
    expect(problem('formation: web=x').at).toBe('procman.yml:1: invalid formation "web=x": expected <type>=<count>');
    expect(problem('formation: { web: 5000 }').at).toBe('procman.yml:1: invalid formation "web=5000": at most 1000 processes of one type');
    expect(problem('restart:\n  worker: sometimes\n').at).toBe(
      'procman.yml:1: invalid --restart "worker=sometimes": expected <type>, <type>=on-failure or <type>=always',
    );
    expect(problem('can-die: [migrate, "a b"]').at).toBe('procman.yml:1: invalid process type "a b" for can-die');
  });

  it('a timeout per type is the string -t takes', () => {
    expect(values('timeout: { default: 5, web: 20 }')).toEqual({ timeout: '5,web=20' });
    expect(values('timeout: { default: 3 }')).toEqual({ timeout: '3' });
  });

  it('YAML syntax errors, at their line', () => {
    expect(problem('port: 5000\nformation: [web\n')).toEqual({
      at: 'procman.yml:2: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
      hint: 'check the indentation and the quotes on this line',
    });
    expect(problem('port: 5000\ncolor: "on\nfoo: 1\n').at).toBe('procman.yml:2: invalid YAML: missing closing "quote');
    expect(problem('port: 1\n\tcolor: true\n').at).toMatch(/^procman\.yml:2: invalid YAML: /);
    expect(problem('port: 1\nwatch: { web: [src],\n\nworker: [lib]\n').at).toBe(
      'procman.yml:2: invalid YAML: flow map in block collection must be sufficiently indented and end with a }',
    );
  });

  it('a key given twice', () => {
    expect(problem('port: 5000\ncolor: true\nport: 6000\n')).toEqual({
      at: 'procman.yml:3: invalid YAML: map keys must be unique',
      hint: 'give each key once',
    });
  });

  it('a file that is not a map', () => {
    expect(problem('- port: 5000\n')).toEqual({
      at: 'procman.yml:1: expected long option names and their values',
      hint: 'one `name: value` a line, like port: 5000',
    });
    expect(problem('port 5000\n', 'foreman').at).toBe('.foreman:1: expected long option names and their values');
  });

  it('an alias is refused, not expanded', () => {
    expect(problem('port: &p 5000\nformation: *p\n')).toEqual({
      at: 'procman.yml:2: an alias (*p) in a defaults file',
      hint: 'write the value out instead',
    });
  });

  it('every problem of a file, and the good values beside them', () => {
    const read = procman('restrat: worker\nport: 5000\ncolor: maybe\ntimeout: 3\n');
    expect(read.problems.map((p) => p.line)).toEqual([1, 3]);
    expect(Object.keys(read.values)).toEqual(['port', 'timeout']);
  });
});

describe('layers', () => {
  it('procman.yml over .foreman, option by option; problems of both', () => {
    const merged = layerDefaults(foreman('port: 7000\nformation: web=1\ntimeout: 2\nbogus: 1\n'), procman('port: 8000\nrestrat: x\n'));
    expect(Object.fromEntries(Object.entries(merged.values).map(([key, s]) => [key, `${s.value} (${s.file}:${s.line})`]))).toEqual({
      port: '8000 (procman.yml:1)',
      formation: 'web=1 (.foreman:2)',
      timeout: '2 (.foreman:3)',
    });
    expect(merged.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['.foreman:4', 'procman.yml:2']);
  });

  it("a map replaces the lower file's map as a whole", () => {
    const merged = layerDefaults(foreman('formation: { web: 2, worker: 1 }'), procman('formation: { web: 1 }'));
    expect(merged.values.formation?.value).toBe('web=1');
  });
});
