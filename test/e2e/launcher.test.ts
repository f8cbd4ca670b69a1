// bin/procman.js run as a program (its shebang is sh): Node starts without NODE_EXTRA_CA_CERTS, and everything
// procman starts gets it back exactly as it was (set, empty or unset).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';

/** The launcher itself (not `node bin/procman.js`), with this environment. */
function launch(args: string[], env: NodeJS.ProcessEnv) {
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = process.env;
  return spawnSync(BIN, args, { cwd: ROOT, env: { ...rest, ...env }, encoding: 'utf8', timeout: 20000 });
}

const CA = '/etc/ssl/certs/some bundle.pem';

describe('the launcher', () => {
  it.skipIf(!existsSync('/proc/self/environ'))(
    'starts Node without NODE_EXTRA_CA_CERTS and gives it back to the command, without the variable that carried it',
    () => {
      const script = `tr '\\000' '\\n' < /proc/$PPID/environ | grep -c '^NODE_EXTRA_CA_CERTS=' ; echo "[$NODE_EXTRA_CA_CERTS] [\${PROCMAN_NODE_EXTRA_CA_CERTS-unset}]"`;
      const run = launch(['run', 'sh', '-c', script], { NODE_EXTRA_CA_CERTS: CA });
      expect(run.stderr).toBe('');
      // procman's own environment (the command's parent) does not hold it; the command's does, as it was
      expect(run.stdout).toBe(`0\n[${CA}] [unset]\n`);
    },
  );

  it('leaves it unset when it was, and set but empty when it was', () => {
    const script = 'echo "[${NODE_EXTRA_CA_CERTS-unset}] [${PROCMAN_NODE_EXTRA_CA_CERTS-unset}]"';
    expect(launch(['run', 'sh', '-c', script], {}).stdout).toBe('[unset] [unset]\n');
    expect(launch(['run', 'sh', '-c', script], { NODE_EXTRA_CA_CERTS: '' }).stdout).toBe('[] [unset]\n');
  });

  it('passes every argument through unchanged, and the exit code back', () => {
    const run = launch(['run', 'sh', '-c', 'printf "%s|" "$@"; exit 3', 'sh', 'a b', '$HOME', '"q"', '*'], { NODE_EXTRA_CA_CERTS: CA });
    expect(run.stdout).toBe('a b|$HOME|"q"|*|');
    expect(run.status).toBe(3);
  });
});
