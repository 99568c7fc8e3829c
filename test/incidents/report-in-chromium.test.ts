/** The HTML incident report opened in headless Chromium: every chart renders, with its lines. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildIncidentReport } from '../../src/incidents/report/build-report.js';
import { renderHtml } from '../../src/incidents/report/render-html.js';
import { realTool } from '../support/real-tool.js';
import { resolvedIncident } from './incident-fixture.js';

const browser = realTool('chromium', 'apt-get install -y chromium');

describe.skipIf(browser.skip)('the HTML incident report in headless Chromium', () => {
  it('renders each trigger chart with both releases, the threshold and the marks, offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ripcord-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(buildIncidentReport(resolvedIncident())));
    const instance = await chromium.launch({
      executablePath: browser.path,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await instance.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      const charts = await page.$$eval('figure.chart svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const lengths = [...svg.querySelectorAll('polyline.series')].map((p) =>
            (p as unknown as { getTotalLength(): number }).getTotalLength(),
          );
          return {
            width: box.width,
            height: box.height,
            lines: lengths,
            threshold: svg.querySelectorAll('line.threshold').length,
            marks: [...svg.querySelectorAll('line.mark')].map((m) => m.getAttribute('data-label')),
          };
        }),
      );
      expect(charts).toHaveLength(2);
      for (const chart of charts) {
        expect(chart.width).toBe(720);
        expect(chart.height).toBe(280);
        expect(chart.lines).toHaveLength(2);
        for (const length of chart.lines) expect(length).toBeGreaterThan(100);
        expect(chart.threshold).toBe(1);
        expect(chart.marks).toEqual(['first breach', 'rollback', 'traffic restored']);
      }
      expect(await page.textContent('#severity')).toBe('P2');
      expect(await page.textContent('#root-cause')).toBe('[fill in]');
      const screenshot = await page.screenshot({ fullPage: true });
      expect(screenshot.length).toBeGreaterThan(10_000);
      writeFileSync(join(dir, 'report.png'), screenshot);
      // Only the page itself was loaded: no font, script or image from anywhere.
      expect(requests).toEqual([`file://${file}`]);
    } finally {
      await instance.close();
    }
  });
});
