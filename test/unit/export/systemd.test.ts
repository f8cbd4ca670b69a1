import { describe, expect, it } from 'vitest';
import { renderSystemd } from '../../../src/export/systemd.js';
import { context, demoSpecs, HOSTILE, spec } from './specs.js';

describe('renderSystemd', () => {
  it('writes a target and one unit per instance (golden)', () => {
    const files = renderSystemd(demoSpecs, context({ user: 'deploy', timeoutMs: 2500 }));
    expect(files.map((f) => f.path)).toEqual(['demo.target', 'demo-web.1.service', 'demo-worker.1.service']);
    expect(files[0]?.content).toBe(`[Unit]
Description=demo (exported by procman)
Wants=demo-web.1.service demo-worker.1.service

[Install]
WantedBy=multi-user.target
`);
    expect(files[1]?.content).toBe(`[Unit]
Description=demo web.1
PartOf=demo.target
After=network.target

[Service]
Type=simple
User=deploy
WorkingDirectory=/srv/demo
Environment="PORT=5000"
Environment="PS=web.1"
ExecStart=/bin/sh -c "exec node web.js"
Restart=always
RestartSec=1
KillMode=control-group
TimeoutStopSec=2500ms

[Install]
WantedBy=demo.target
`);
  });

  it('quotes hostile values and commands so they add no directive', () => {
    const [, unit] = renderSystemd(
      [spec('web', 1, `echo "$PORT" 100% | tr a b && x='y'`, 5000, HOSTILE)],
      context({ logDir: '/var/log/my app', timeoutMs: 0 }),
    );
    const lines = (unit?.content ?? '').split('\n');
    expect(lines.filter((l) => l.startsWith('Environment='))).toEqual([
      `Environment="Q=say \\"hi\\" it's"`,
      'Environment="P=100%% %%(here)s %%n"',
      'Environment="D=$HOME ${HOME} $$"',
      'Environment="B=C:\\\\new\\\\"',
      'Environment="N=one\\ntwo\\n"',
      'Environment="E=a=b"',
      'Environment="C=a ;b #c"',
      'Environment="PORT=5000"',
      'Environment="PS=web.1"',
    ]);
    expect(lines).toContain(`ExecStart=/bin/sh -c "echo \\"$$PORT\\" 100%% | tr a b && x='y'"`);
    expect(lines).toContain('StandardOutput=append:/var/log/my app/web.1.log');
    expect(lines).toContain('TimeoutStopSec=1ms');
  });

  it('refuses env names systemd would ignore', () => {
    expect(() => renderSystemd([spec('web', 1, 'x', 5000, { 'A.B': '1' })], context())).toThrow(
      'env var name "A.B" cannot be exported to systemd: expected [A-Za-z_][A-Za-z0-9_]*',
    );
  });
});
