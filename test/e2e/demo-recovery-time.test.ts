/**
 * One recovery time: the demo's closing screen, `incident list` and `incident describe` read the
 * same incident and must print the same figures; the demo ends by writing the HTML report (with
 * its charts) and printing its path.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { examplesDir } from '../../src/cli/commands/demo.js';
import { runIncidentDemo } from '../../src/demo/incident-replay/run-incident-demo.js';

describe('the demo, incident list and describe', () => {
  it('print one recovery time for the demo incident, and the demo ends with the HTML report', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-demo-recovery-'));
    let demoOut = '';
    const cli = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await main(['node', 'ripcord', '--data', dataDir, ...args], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
      });
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      return stdout;
    };
    let list = '';
    let describeOut = '';
    await runIncidentDemo({
      dataDir,
      examplesDir: examplesDir(),
      apiPort: 0,
      gatewayPort: 0,
      modelPorts: [0, 0],
      exit: false,
      out: (t) => (demoOut += t),
      // The demo keeps serving here: read the incident through the CLI, then let it stop.
      untilSignal: async () => {
        list = await cli('incident', 'list');
        const id = /^(rb_\S+)/m.exec(list)?.[1] ?? '';
        describeOut = await cli('incident', 'describe', id);
      },
    });
    const demoLine = /^Recovery: (.*)$/m.exec(demoOut)?.[1];
    const describeLine = /^Recovery: (.*)$/m.exec(describeOut)?.[1];
    expect(demoLine).toMatch(/^recovered in \d+\.\d s, traffic restored in \d+\.\d s, from fault onset$/);
    expect(describeLine).toBe(demoLine);
    const [, recovered, restored] = /recovered in (\d+\.\d s), traffic restored in (\d+\.\d s)/.exec(
      demoLine!,
    )!;
    const row = list.split('\n').find((l) => l.startsWith('rb_'));
    expect(row).toMatch(new RegExp(`resolved .* ${recovered}\\s+${restored}\\s+onset$`));

    const last = demoOut.trimEnd().split('\n');
    const reportLine = last.find((l) => l.startsWith('incident report (HTML, charts beside it): '));
    const path = reportLine?.slice('incident report (HTML, charts beside it): '.length) ?? '';
    expect(existsSync(path)).toBe(true);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain(`recovered in ${recovered}`);
    expect(html).toMatch(/<polyline class="series"/);
    expect(readdirSync(join(dirname(path), 'charts')).length).toBeGreaterThan(0);
  }, 240_000);
});
