import { describe, expect, it } from 'vitest';
import { isInside, parseManifest, renderManifest, staleFiles } from '../../../src/export/manifest.js';
import { fillTemplate } from '../../../src/export/template.js';

describe('fillTemplate', () => {
  it('fills placeholders once, dropping lines whose only placeholder is empty', () => {
    expect(fillTemplate('a={{ a }}\n{{opt}}\nb={{b}}\n', { a: '{{b}}', b: '2', opt: '' }, 't')).toBe('a={{b}}\nb=2\n');
  });
  it('names the template and the unknown placeholder', () => {
    expect(() => fillTemplate('x={{nope}}', { a: '1' }, 'template run')).toThrow('template run: unknown placeholder {{nope}}');
  });
});

describe('manifest', () => {
  it('round-trips and lists the files no longer written', () => {
    const text = renderManifest({ format: 'runit', app: 'demo', files: ['a/run', 'b/run'] });
    const manifest = parseManifest(text, 'out/.procman-export.json');
    expect(manifest).toEqual({ format: 'runit', app: 'demo', files: ['a/run', 'b/run'] });
    expect(staleFiles(manifest, ['a/run'])).toEqual(['b/run']);
    expect(staleFiles(undefined, ['a/run'])).toEqual([]);
  });
  it.each(['../x', '/etc/passwd', 'a/../../x', 'a//b', './a', '.procman-export.json'])('refuses the unsafe path %j', (path) => {
    expect(isInside(path)).toBe(false);
    expect(() => parseManifest(JSON.stringify({ format: 'f', app: 'a', files: [path] }), 'm')).toThrow(
      `m is not a procman export manifest: unsafe path ${JSON.stringify(path)}`,
    );
  });
  it('refuses what is not a manifest', () => {
    expect(() => parseManifest('{', 'm')).toThrow('m is not a procman export manifest: not JSON');
    expect(() => parseManifest('[]', 'm')).toThrow('m is not a procman export manifest: missing format, app or files');
  });
});
