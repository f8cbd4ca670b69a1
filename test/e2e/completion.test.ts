// Shell completion as a user gets it: `eval "$(procman completion bash)"` in a real interactive
// shell, then TAB on a pseudo-terminal (fixtures/completion/keys.py), and bash's COMPREPLY and
// fish's `complete -C` for the details. Shells that are not installed are skipped with a note.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, fixture, procman } from '../helpers/cli.js';
import { runSync } from '../helpers/process.js';
import { project, removeTemps } from '../helpers/temp.js';

afterAll(removeTemps);

const has = (path: string) => existsSync(path);
const python = runSync(['python3', '-c', 'import pty']).status === 0;
for (const shell of ['bash', 'zsh', 'fish']) {
  if (!has(`/usr/bin/${shell}`)) console.log(`note: /usr/bin/${shell} not found (Debian package "${shell}"): its completion tests skipped`);
}
if (!python) console.log('note: python3 with pty not available: completion tests on a terminal skipped');

const app = project({
  Procfile: 'web: node web.js\nworker: node worker.js\nclock: node clock.js\n',
  'Procfile.dev': 'assets: x\napi: y\n',
});
const home = project();
const node = process.execPath;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm' };

const rc = {
  bash: `PS1='PROMPT> '\nbind 'set show-all-if-ambiguous on'\nprocman() { '${node}' '${BIN}' "$@"; }\neval "$(procman completion bash)"\n`,
  zsh: `PS1='PROMPT> '\nautoload -Uz compinit && compinit -u -D\nprocman() { '${node}' '${BIN}' "$@"; }\neval "$(procman completion zsh)"\n`,
};
const shells = { bash: ['bash', '--norc', '--noprofile', '-i'], zsh: ['zsh', '-f', '-i'] };

/** Types the steps into an interactive shell on a pseudo-terminal; fails with the transcript. */
function typeKeys(shell: 'bash' | 'zsh', steps: Array<{ send: string; expect: string }>): void {
  const file = join(home, `rc.${shell}`);
  writeFileSync(file, rc[shell]);
  const all = [{ send: `source ${file}\n`, expect: 'PROMPT> ' }, ...steps];
  const result = runSync(['python3', fixture('completion/keys.py'), JSON.stringify(all), ...shells[shell]], {
    cwd: app,
    env,
    timeoutMs: 90_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

const TAB_STEPS = [
  { send: 'procman star\t', expect: 'procman start ' },
  { send: 'w\t', expect: 'worker' }, // web and worker listed
  { send: '\u0015procman start --no-t\t', expect: 'procman start --no-timestamp ' },
  { send: '\u0015procman export k\t', expect: 'procman export kubernetes ' },
  { send: '\u0015procman start -f Procfile.dev as\t', expect: 'Procfile.dev assets ' },
  { send: '\u0015procman stop cl\t', expect: 'procman stop clock ' }, // a command to come: types completed already
];

describe('procman completion', () => {
  it.skipIf(!python || !has('/usr/bin/bash'))('bash: TAB completes commands, types from the Procfile (and -f), flags, formats', () => {
    typeKeys('bash', TAB_STEPS);
  });

  it.skipIf(!python || !has('/usr/bin/zsh'))('zsh: the same, through compinit', () => {
    typeKeys('zsh', TAB_STEPS);
  });

  it.skipIf(!has('/usr/bin/bash'))('bash: COMPREPLY for each position', () => {
    const lines: Array<[string, string[]]> = [
      ['procman st', ['start', 'status', 'stop']],
      ['procman star', ['start']],
      ['procman ', ['start', 'run', 'check', 'status', 'restart', 'stop', 'attach', 'logs', 'export', 'completion', 'help']],
      ['procman -', ['-v', '--version', '-h', '--help']],
      ['procman start ', ['web', 'worker', 'clock']],
      ['procman start web ', ['web', 'worker', 'clock']],
      ['procman start -m web=2 w', ['web', 'worker']],
      [
        'procman start --',
        [
          '--procfile',
          '--root',
          '--env',
          '--no-expand',
          '--formation',
          '--port',
          '--timeout',
          '--color',
          '--no-color',
          '--no-timestamp',
          '--restart',
          '--can-die',
          '--ready',
          '--after',
          '--stop-signal',
          '--no-port-check',
          '--format',
          '--log-dir',
          '--mark-stderr',
          '--quiet',
          '--no-prefix',
          '--watch',
          '--no-control',
          '--tty',
          '--stdin',
          '--help',
        ],
      ],
      ['procman start --ready ', []],
      ['procman start -f Procfile.dev ', ['assets', 'api']],
      ['procman start -p ', []],
      ['procman run ', ['web', 'worker', 'clock']],
      ['procman run -e Procfile.d', ['Procfile.dev']],
      ['procman restart ', ['web', 'worker', 'clock']],
      ['procman logs w', ['web', 'worker']],
      ['procman attach c', ['clock']],
      ['procman export ', ['systemd', 'supervisord', 'launchd', 'runit', 'compose', 'kubernetes']],
      ['procman completion ', ['bash', 'zsh', 'fish']],
    ];
    const script = [
      `procman() { '${node}' '${BIN}' "$@"; }`,
      'eval "$(procman completion bash)"',
      'fn=$(complete -p procman | sed -E "s/.*-F ([^ ]+) .*/\\1/")',
      'comp() {',
      '  COMP_LINE=$1; COMP_POINT=${#COMP_LINE}',
      "  read -ra COMP_WORDS <<< \"$COMP_LINE\"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')",
      '  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()',
      '  "$fn" procman "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
      '  printf "%s\\n" "$1|${COMPREPLY[*]}"',
      '}',
      ...lines.map(([line]) => `comp '${line}'`),
    ].join('\n');
    const result = runSync(['bash', '--norc', '--noprofile', '-i', '-c', script], { cwd: app, env, timeoutMs: 60_000 });
    expect(result.status).toBe(0);
    const got = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('|'));
    expect(got.map(([line, words]) => [line, words === '' ? [] : (words ?? '').split(' ')])).toEqual(lines);
  });

  it.skipIf(!has('/usr/bin/fish'))('fish: complete -C gives commands with descriptions, types, flags', () => {
    const lines = ['procman star', 'procman start ', 'procman start --no-', 'procman start -f Procfile.dev ', 'procman export k'];
    const script = [
      `function procman; '${node}' '${BIN}' $argv; end`,
      'procman completion fish | source',
      ...lines.map((line) => `echo '${line}|'(complete -C '${line}' | string join ,)`),
    ].join('\n');
    const result = runSync(['fish', '--no-config', '-c', script], { cwd: app, env, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'procman star|start\tstart the processes of the Procfile',
      'procman start |clock,web,worker',
      'procman start --no-|--no-color\tturn colour off (so does NO_COLOR),--no-control\tno control socket: procman status, restart, stop and logs cannot reach this run,--no-expand\tleave ${VAR} in the env files as written,' +
        '--no-port-check\tdo not warn about ports already in use,--no-prefix\tprint lines as the processes wrote them, without time, name or colour,--no-timestamp\tleave the time out of each line',
      'procman start -f Procfile.dev |api,assets',
      'procman export k|kubernetes',
    ]);
  });

  it('completion --types prints the types of the Procfile (or -f), and nothing at all when there is none', async () => {
    expect(await procman(['completion', '--types'], { cwd: app })).toMatchObject({ code: 0, stdout: 'web\nworker\nclock\n', stderr: '' });
    expect((await procman(['completion', '--types', '-f', 'Procfile.dev'], { cwd: app })).stdout).toBe('assets\napi\n');
    expect(await procman(['completion', '--types'], { cwd: home })).toMatchObject({ code: 1, stdout: '', stderr: '' });
  });

  it('needs a shell it knows: one line and a hint', async () => {
    const hint =
      'hint: bash: eval "$(procman completion bash)" in ~/.bashrc; zsh: the same in ~/.zshrc; fish: procman completion fish | source\n';
    expect(await procman(['completion'], { cwd: app })).toMatchObject({
      code: 1,
      stderr: `procman: completion needs a shell: use bash, zsh, fish\n${hint}`,
    });
    expect(await procman(['completion', 'tcsh'], { cwd: app })).toMatchObject({
      code: 1,
      stderr: `procman: no completion for the shell "tcsh": use bash, zsh, fish\n${hint}`,
    });
  });
});
