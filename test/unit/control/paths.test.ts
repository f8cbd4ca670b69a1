import { describe, expect, it } from 'vitest';
import { controlDir, hashOf, socketPath, unsafeDir } from '../../../src/control/paths.js';

describe('control paths', () => {
  it('hashes with 64-bit FNV-1a (the published test vectors)', () => {
    expect(hashOf('')).toBe('cbf29ce484222325');
    expect(hashOf('a')).toBe('af63dc4c8601ec8c');
    expect(hashOf('foobar')).toBe('85944171f73967e8');
  });

  it('puts the socket in $XDG_RUNTIME_DIR/procman, else a private folder under the temp dir', () => {
    expect(controlDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/procman');
    expect(controlDir({ TMPDIR: '/tmp' }, 1000)).toMatch(/\/procman-1000$/);
    expect(socketPath('/app/Procfile', { XDG_RUNTIME_DIR: '/run/user/1000' })).toBe(
      `/run/user/1000/procman/${hashOf('/app/Procfile')}.sock`,
    );
    expect(socketPath('/app/Procfile', {})).not.toBe(socketPath('/app/Procfile.dev', {}));
  });

  it('accepts only a folder of ours that nobody else may enter', () => {
    expect(unsafeDir({ uid: 1000, mode: 0o40700, isDirectory: true }, 1000)).toBeUndefined();
    expect(unsafeDir({ uid: 0, mode: 0o40700, isDirectory: true }, 1000)).toBe('is owned by uid 0, not by you (uid 1000)');
    expect(unsafeDir({ uid: 1000, mode: 0o40777, isDirectory: true }, 1000)).toBe('is open to others (mode 777; expected 700)');
    expect(unsafeDir({ uid: 1000, mode: 0o40750, isDirectory: true }, 1000)).toBe('is open to others (mode 750; expected 700)');
    expect(unsafeDir({ uid: 1000, mode: 0o120777, isDirectory: false }, 1000)).toBe('is not a folder');
  });
});
