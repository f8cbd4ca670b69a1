import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, withDefaults } from '../../src/cli.js';
import type { Io } from '../../src/io.js';
import { layerDefaults, parseDefaults } from '../../src/project/defaults.js';
import { KEYS } from '../../src/project/defaults-keys.js';

// The merge of the defaults files under the command line, on the real commander program: no files
// are read (the defaults come from text) and no command runs (the actions only record their job).

const io: Io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/nonexistent/procman-unit-test' };

/** The command `argv` chose, parsed as the CLI parses it. */
async function parsed(argv: string[]): Promise<Command> {
  const program = buildProgram(io, () => {});
  await program.parseAsync(argv, { from: 'user' });
  const command = program.commands.find((c) => c.name() === argv[0]);
  if (!command) throw new Error(`no command ${argv[0]}`);
  return command;
}

/** `.foreman` and procman.yml from their text, layered. */
const files = ({ foreman = '', procman = '' }: { foreman?: string; procman?: string }) => {
  const layers = layerDefaults(
    parseDefaults(foreman, { file: '.foreman', dialect: 'foreman' }),
    parseDefaults(procman, { file: 'procman.yml', dialect: 'procman' }),
  );
  expect(layers.problems).toEqual([]);
  return layers.values;
};

const FOREMAN = 'port: 7000\nformation: web=1,worker=0\ntimeout: 1\nenv: a.env\n';
const PROCMAN = 'port: 8000\ntimeout: 2\nrestart: { worker: always }\ncan-die: [migrate]\n';

describe('withDefaults: command line > procman.yml > .foreman > built-in defaults', () => {
  it('without files, the options are what commander gives', async () => {
    const start = await parsed(['start']);
    expect(withDefaults(start, {})).toEqual({
      expand: true,
      timeout: '5',
      timestamp: true,
      portCheck: true,
      format: 'text',
      prefix: true,
      control: true,
    });
  });

  it(".foreman fills what the command line left out, and beats commander's default (-t 5)", async () => {
    const start = await parsed(['start']);
    expect(withDefaults(start, files({ foreman: FOREMAN }))).toEqual({
      port: '7000',
      formation: 'web=1,worker=0',
      timeout: '1',
      env: 'a.env',
      timestamp: true,
      portCheck: true,
      expand: true,
      format: 'text',
      prefix: true,
      control: true,
    });
    expect(start.getOptionValueSource('port')).toBe('config');
  });

  it('procman.yml beats .foreman, option by option', async () => {
    const start = await parsed(['start']);
    expect(withDefaults(start, files({ foreman: FOREMAN, procman: PROCMAN }))).toEqual({
      port: '8000',
      formation: 'web=1,worker=0',
      timeout: '2',
      env: 'a.env',
      timestamp: true,
      portCheck: true,
      expand: true,
      format: 'text',
      prefix: true,
      control: true,
      restart: 'worker=always',
      canDie: 'migrate',
    });
  });

  it("the command line beats both, commander's defaulted options included when given", async () => {
    const start = await parsed(['start', '-p', '9000', '-t', '5', '-m', 'web=2', '--restart', 'all']);
    expect(withDefaults(start, files({ foreman: FOREMAN, procman: PROCMAN }))).toEqual({
      port: '9000',
      formation: 'web=2',
      timeout: '5',
      env: 'a.env',
      timestamp: true,
      portCheck: true,
      expand: true,
      format: 'text',
      prefix: true,
      control: true,
      restart: 'all',
      canDie: 'migrate',
    });
    expect(start.getOptionValueSource('timeout')).toBe('cli');
  });

  it('switches: color and timestamp from the file, --color and --timestamp flags over them', async () => {
    const values = files({ procman: 'color: false\ntimestamp: false\n' });
    expect(withDefaults(await parsed(['start']), values)).toMatchObject({ color: false, timestamp: false });
    expect(withDefaults(await parsed(['start', '--color']), values)).toMatchObject({ color: true, timestamp: false });
    const on = files({ procman: 'color: true\n' });
    expect(withDefaults(await parsed(['start', '--no-color', '--no-timestamp']), on)).toMatchObject({ color: false, timestamp: false });
  });

  it('each command takes the keys it has flags for, and leaves the others', async () => {
    const values = files({ foreman: `${FOREMAN}app: demo\nuser: deploy\n`, procman: PROCMAN });
    expect(withDefaults(await parsed(['check']), values)).toEqual({ env: 'a.env', expand: true });
    expect(withDefaults(await parsed(['run', 'web']), values)).toEqual({ env: 'a.env', port: '8000', expand: true });
    expect(withDefaults(await parsed(['export', 'systemd', '/tmp/x', '-a', 'mine']), values)).toEqual({
      app: 'mine',
      user: 'deploy',
      env: 'a.env',
      formation: 'web=1,worker=0',
      port: '8000',
      timeout: '2',
      expand: true,
    });
  });

  it('per-type keys become the strings their flags take', async () => {
    const values = files({
      procman: 'ready: { web: port }\nafter: { web: [db, redis] }\nwatch: { web: [src, lib], worker: [jobs] }\nstop-signal: { web: INT }\n',
    });
    expect(Object.keys(values)).toEqual(['ready', 'after', 'watch', 'stop-signal']);
    expect(withDefaults(await parsed(['start']), values)).toEqual({
      timeout: '5',
      timestamp: true,
      portCheck: true,
      expand: true,
      format: 'text',
      prefix: true,
      control: true,
      ready: 'web=port',
      after: 'web=db,redis',
      stopSignal: 'web=INT',
      watch: 'web=src,lib;worker=jobs',
    });
  });
});

describe('every flag can be set in the file, and every key is a flag', () => {
  const PENDING: string[] = []; // keys whose flags other branches are adding
  const SWITCHES = ['expand', 'color', 'timestamp', 'port-check', 'mark-stderr', 'prefix', 'control'];
  // what one look at a running procman shows, not a setting of the project: `json: true` in a file would break scripts
  const PER_CALL = ['json', 'lines', 'follow'];
  const program = buildProgram(io, () => {});
  // completion's hidden --types is how its scripts ask for the process types, not a setting
  const flags = program.commands
    .filter((command) => command.name() !== 'completion')
    .flatMap((command) =>
      command.options
        .filter((option) => !PER_CALL.includes(option.attributeName()))
        .map((option) => ({
          key: (option.long ?? '').replace(/^--(no-)?/, ''),
          takesValue: option.required || option.optional,
        })),
    );

  it('each long option of each command is a key', () => {
    expect(flags.filter((flag) => KEYS[flag.key] === undefined)).toEqual([]);
  });

  it('each key is a long option of some command, but those still to come', () => {
    const known = new Set(flags.map((flag) => flag.key));
    expect(Object.keys(KEYS).filter((key) => !known.has(key))).toEqual(PENDING);
  });

  it('switches take true or false from the file, every other option a string', () => {
    expect([...new Set(flags.filter((flag) => !flag.takesValue).map((flag) => flag.key))]).toEqual(SWITCHES);
  });
});
