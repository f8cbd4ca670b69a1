import { describe, expect, it } from 'vitest';
import { renderLaunchd } from '../../../src/export/launchd.js';
import { context, demoSpecs, spec } from './specs.js';

describe('renderLaunchd', () => {
  it('writes one plist per instance (golden)', () => {
    const files = renderLaunchd(demoSpecs, context({ timeoutMs: 0 }));
    expect(files.map((f) => f.path)).toEqual(['demo-web.1.plist', 'demo-worker.1.plist']);
    expect(files[0]?.content).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>demo-web.1</string>
  <key>ProgramArguments</key>
  <array>
    <string>/bin/sh</string>
    <string>-c</string>
    <string>exec node web.js</string>
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>PORT</key>
    <string>5000</string>
    <key>PS</key>
    <string>web.1</string>
  </dict>
  <key>WorkingDirectory</key>
  <string>/srv/demo</string>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <true/>
  <key>ExitTimeOut</key>
  <integer>1</integer>
  <key>StandardOutPath</key>
  <string>/var/log/demo/web.1.log</string>
  <key>StandardErrorPath</key>
  <string>/var/log/demo/web.1.error.log</string>
</dict>
</plist>
`);
  });

  it('escapes hostile values so they add no key', () => {
    const [file] = renderLaunchd([spec('web', 1, 'a && b < c', 5000, { X: '</string><key>UserName</key><string>root' })], context());
    expect(file?.content).toContain('<string>a &amp;&amp; b &lt; c</string>');
    expect(file?.content).toContain('<string>&lt;/string&gt;&lt;key&gt;UserName&lt;/key&gt;&lt;string&gt;root</string>');
    expect(file?.content).not.toContain('<key>UserName</key>');
  });
});
