// runForeground (procman run): exit codes and errors of a real command.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/io.js';
import { runForeground } from '../../../src/os/foreground.js';

function io(): Io & { errors: string[] } {
  const errors: string[] = [];
  return { stdout: { write: () => true }, stderr: { write: (s) => errors.push(String(s)) }, env: {}, cwd: '/', errors };
}

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const node = (script: string) => ({ file: process.execPath, args: ['-e', script], env, cwd: '/', shown: 'node' });

describe('runForeground', () => {
  it("returns the command's exit code", async () => {
    await expect(runForeground(node('process.exit(3)'), io())).resolves.toBe(3);
    await expect(runForeground(node(''), io())).resolves.toBe(0);
  });

  it('returns 128 + n when signal n killed it', async () => {
    await expect(runForeground(node("process.kill(process.pid, 'SIGTERM')"), io())).resolves.toBe(143);
  });

  it('passes the env and cwd exactly (no extension from procman’s own environment)', async () => {
    const script = "process.exit(process.env.ONLY === 'this' && process.env.HOME === undefined && process.cwd() === '/tmp' ? 0 : 9)";
    await expect(runForeground({ ...node(script), env: { ...env, ONLY: 'this' }, cwd: '/tmp' }, io())).resolves.toBe(0);
  });

  it('a missing command: 127 and one line naming it', async () => {
    const out = io();
    await expect(
      runForeground({ file: 'no-such-command-procman', args: [], env, cwd: '/', shown: 'no-such-command-procman' }, out),
    ).resolves.toBe(127);
    expect(out.errors).toEqual(['procman: command not found: no-such-command-procman\n']);
  });

  it('a file that is not executable: 126 and one line naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procman-fg-'));
    try {
      const file = join(dir, 'script');
      writeFileSync(file, '#!/bin/sh\necho hi\n');
      chmodSync(file, 0o644);
      const out = io();
      await expect(runForeground({ file, args: [], env, cwd: dir, shown: 'script' }, out)).resolves.toBe(126);
      expect(out.errors).toEqual(['procman: not executable: script\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
