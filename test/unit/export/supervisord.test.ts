import { describe, expect, it } from 'vitest';
import { renderSupervisord } from '../../../src/export/supervisord.js';
import { context, demoSpecs, HOSTILE, spec } from './specs.js';

describe('renderSupervisord', () => {
  it('writes one group and a program per instance (golden)', () => {
    const files = renderSupervisord(demoSpecs.slice(0, 1), context({ user: 'deploy', timeoutMs: 2500, logDir: '/logs' }));
    expect(files).toEqual([
      {
        path: 'demo.conf',
        content: `; demo: exported by procman; include this file from supervisord.conf
[group:demo]
programs=demo-web.1

[program:demo-web.1]
command=/bin/sh -c 'exec node web.js'
directory=/srv/demo
user=deploy
environment=PORT="5000",PS="web.1"
autostart=true
autorestart=true
stopsignal=TERM
stopwaitsecs=3
stopasgroup=true
killasgroup=true
stdout_logfile=/logs/web.1.log
stderr_logfile=/logs/web.1.error.log
`,
      },
    ]);
  });

  it('keeps environment= for values it carries and moves the others to env arguments', () => {
    const [file] = renderSupervisord([spec('web', 1, 'node web.js "$PORT" ;x', 5000, HOSTILE)], context());
    expect(file?.content).toContain(
      `command=/usr/bin/env 'Q=say "hi" it'"'"'s' 'P=100%% %%''(here)s %%n' 'N=one'"\n  "'two'"\n  "'' 'C=a '';b ''#c' /bin/sh -c 'node web.js "$PORT" '';x'\n`,
    );
    expect(file?.content).toContain(`environment=D="$HOME \${HOME} $$",B="C:\\new\\",E="a=b",PORT="5000",PS="web.1"\n`);
  });
});
