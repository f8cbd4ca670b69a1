import { describe, expect, it } from 'vitest';
import { renderRunit } from '../../../src/export/runit.js';
import { context, HOSTILE, spec } from './specs.js';

describe('renderRunit', () => {
  it('writes run, env/, control/ and log/run per instance (golden)', () => {
    const files = renderRunit([spec('web', 1, 'node web.js', 5000)], context({ user: 'deploy' }));
    expect(files.map((f) => [f.path, f.mode])).toEqual([
      ['demo-web.1/run', 0o755],
      ['demo-web.1/env/PORT', undefined],
      ['demo-web.1/env/PS', undefined],
      ['demo-web.1/control/t', 0o755],
      ['demo-web.1/control/k', 0o755],
      ['demo-web.1/log/run', 0o755],
    ]);
    expect(files[0]?.content).toBe(`#!/bin/sh
# web.1 of demo: exported by procman
exec 2>&1
nl='
'
for file in ./env/*; do
  [ -f "$file" ] || continue
  value=$(cat "$file" && printf x) || exit 1
  value=\${value%x}
  export "\${file#./env/}=\${value%"$nl"}"
done
cd '/srv/demo' || exit 1
exec chpst -P -u 'deploy' /bin/sh -c 'exec node web.js'
`);
    expect(files[1]?.content).toBe('5000\n');
    expect(files[3]?.content).toBe(`#!/bin/sh
# sv stop, sv term, sv restart: SIGTERM to the whole process group of ./run (exported by procman)
# the shell's own kill (procps' /bin/kill reads "-PID" after a signal as nothing); a failure lets runsv signal run itself
pid=$(cat ./supervise/pid) && [ -n "$pid" ] && kill -TERM "-$pid"
`);
    expect(files[4]?.content).toContain('kill -KILL "-$pid"\n');
    expect(files[5]?.content).toBe(`#!/bin/sh
mkdir -p '/var/log/demo/web.1' || exit 1
chown 'deploy' '/var/log/demo/web.1'
exec chpst -u 'deploy' svlogd -tt '/var/log/demo/web.1'
`);
  });

  it('stores each value with one newline and single-quotes the command and paths', () => {
    const files = renderRunit([spec('web', 1, `echo 'it' "$PORT"`, 5000, HOSTILE)], context({ root: "/srv/it's" }));
    expect(files.find((f) => f.path === 'demo-web.1/env/N')?.content).toBe('one\ntwo\n\n');
    expect(files.find((f) => f.path === 'demo-web.1/env/Q')?.content).toBe(`say "hi" it's\n`);
    expect(files[0]?.content).toContain(`cd '/srv/it'\\''s' || exit 1\nexec chpst -P /bin/sh -c 'exec echo '\\''it'\\'' "$PORT"'\n`);
  });

  it('refuses env names a shell cannot export', () => {
    expect(() => renderRunit([spec('web', 1, 'x', 5000, { '1X': '1' })], context())).toThrow(
      'env var name "1X" cannot be exported to runit',
    );
  });
});
