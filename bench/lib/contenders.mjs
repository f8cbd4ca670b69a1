// How each contender is started on the same list of processes. Every contender
// gets a Procfile-like list [{ name, cmd }] and a folder; `command` returns the
// program and arguments, run with that folder as working directory. Managers
// written in Node are started as `node <script>` (and Foreman as `ruby
// <script>`) so the pid we watch is the manager itself, not a wrapper.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

function onPath(program) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, program);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

export function packageVersion(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

function writeProcfile(dir, procs) {
  writeFileSync(join(dir, 'Procfile'), procs.map((p) => `${p.name}: ${p.cmd}\n`).join(''));
}

/**
 * The floor: the same children under plain sh, `&` and `wait`, writing straight
 * into the sink. On INT or TERM it ignores TERM itself and signals its whole
 * process group (children and grandchildren: without job control they share it).
 */
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

function writeFloor(dir, procs) {
  const lines = [
    `trap 'trap "" TERM; kill -TERM 0; wait; exit 0' INT TERM`,
    ...procs.map((p) => `/bin/sh -c ${quote(p.cmd)} &`),
    'wait',
    '',
  ];
  writeFileSync(join(dir, 'floor.sh'), lines.join('\n'));
}

function gitRevision() {
  try {
    const head = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted src changes` : head;
  } catch {
    return 'unknown';
  }
}

/**
 * procman as built in `root`: this checkout, or (bench/lib/baseline.mjs) a
 * build of another revision, run the same way with the same prefix.
 */
export function procmanContender({ id, label, version, root }) {
  return {
    id,
    label,
    version,
    // prefix: `HH:MM:SS name.1 | ` (`+` instead of `|` for the rest of a cut line)
    prefix: /^\d\d:\d\d:\d\d (\S+) +([|+]) (.*)$/s,
    prepare: writeProcfile,
    command: () => [process.execPath, [join(root, 'bin/procman.js'), 'start', '-f', 'Procfile', '--no-color']],
  };
}

/**
 * A line of `--format ndjson` as the checker reads a prefixed one:
 * [line, name, mark, text] for a line record (`+` when it continues a cut
 * line), undefined for anything else (not JSON: torn).
 */
function ndjsonLine(line) {
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (record?.v !== 1 || record.type !== 'line' || typeof record.text !== 'string') return undefined;
  return [line, record.name, record.continuation ? '+' : '|', record.text];
}

/** procman with its NDJSON console: the same run, every record parsed by the checker. */
export function procmanNdjsonContender({ version, root }) {
  return {
    ...procmanContender({ id: 'procman-ndjson', label: 'procman --format ndjson', version, root }),
    // start-up and shutdown look for the children's text in the raw output: they are the text format's
    workloads: ['throughput', 'scale', 'big'],
    parse: ndjsonLine,
    command: () => [process.execPath, [join(root, 'bin/procman.js'), 'start', '-f', 'Procfile', '--format', 'ndjson']],
  };
}

/** The contenders available on this machine, and a note for each one skipped. */
export function contenders() {
  const node = process.execPath;
  const version = `${packageVersion(ROOT)} (${gitRevision()})`;
  const list = [
    procmanContender({ id: 'procman', label: 'procman', version, root: ROOT }),
    procmanNdjsonContender({ version, root: ROOT }),
    {
      id: 'nf',
      label: 'node-foreman',
      version: packageVersion(join(ROOT, 'node_modules/foreman')),
      // prefix: `4:09:45 AM name.1          |  ` (a wrapped line continues with `|  >  `)
      prefix: /^[^|]*? (\S+) +(\|  >  |\|  )(.*)$/s,
      prepare: writeProcfile,
      // `nf start -f` is its forward proxy option; the Procfile is `-j` (default ./Procfile)
      command: () => [node, [join(ROOT, 'node_modules/foreman/nf.js'), 'start', '-j', 'Procfile']],
    },
    {
      id: 'concurrently',
      label: 'concurrently',
      version: packageVersion(join(ROOT, 'node_modules/concurrently')),
      prefix: /^\[(\S+)\]( )(.*)$/s,
      prepare: () => {},
      command: (procs) => [
        node,
        [
          join(ROOT, 'node_modules/concurrently/dist/bin/concurrently.js'),
          '--names',
          procs.map((p) => p.name).join(','),
          '--prefix',
          '[{name}]',
          '--no-color',
          ...procs.map((p) => p.cmd),
        ],
      ],
    },
  ];
  const notes = [];
  const foreman = onPath('foreman');
  if (foreman) {
    let version = 'unknown';
    try {
      version = execFileSync(foreman, ['version'], { encoding: 'utf8' }).trim();
    } catch {
      // keep unknown
    }
    const shebang = readFileSync(foreman, 'latin1').split('\n', 1)[0];
    const interpreter = shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/) : [];
    list.push({
      id: 'foreman',
      label: 'Foreman (Ruby)',
      version,
      prefix: /^\d\d:\d\d:\d\d (\S+) +(\|) (.*)$/s,
      prepare: writeProcfile,
      command: () =>
        interpreter.length > 0
          ? [interpreter[0], [...interpreter.slice(1), foreman, 'start', '-f', 'Procfile']]
          : [foreman, ['start', '-f', 'Procfile']],
    });
  } else {
    notes.push('Foreman (Ruby) skipped: no `foreman` on PATH (Debian: apt-get install ruby-foreman).');
  }
  // Node's own start, for start-up only: what every manager written in Node pays before its first line of code
  // (here that includes loading NODE_EXTRA_CA_CERTS when the environment sets it)
  list.push({
    id: 'node',
    label: 'node -e (Node alone)',
    version: process.version,
    workloads: ['startup'],
    prefix: /^()()(.*)$/s,
    prepare: () => {},
    command: () => [node, ['-e', "console.log('READY')"]],
  });
  list.push({
    id: 'floor',
    label: 'floor (sh & wait)',
    version: 'sh',
    prefix: /^()()(.*)$/s,
    prepare: writeFloor,
    command: () => ['/bin/sh', ['floor.sh']],
  });
  return { list, notes };
}
