/**
 * One trigger chart as a self-contained SVG: both releases' lines, the threshold dashed, the
 * first breach and the rollback as vertical marks. Hand-written (a few polylines need no
 * library), system fonts only, no script: it renders offline, in a ticket or a browser.
 */
import type { TriggerChart } from './trigger-charts.js';

const WIDTH = 720;
const HEIGHT = 280;
const PAD = { left: 64, right: 36, top: 36, bottom: 40 };
const COLOURS = { pulled: '#c0392b', target: '#2471a3', threshold: '#7f8c8d', mark: '#555' };

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 1 ? 3 : 1);
}

export function renderChartSvg(chart: TriggerChart): string {
  const points = chart.lines.flatMap((l) => l.points);
  const times = [...points.map((p) => p.at), ...chart.marks.map((m) => m.at)];
  const values = [...points.map((p) => p.value), ...(chart.threshold === null ? [] : [chart.threshold])];
  const t0 = Math.min(...times);
  const t1 = Math.max(t0 + 1000, ...times);
  const v0 = Math.min(0, ...values);
  const v1 = Math.max(v0 + 1e-9, ...values) * 1.1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: number) => PAD.left + ((at - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => PAD.top + plotH - ((v - v0) / (v1 - v0)) * plotH;
  const title = `${chart.metric}${chart.unit ? ` (${chart.unit})` : ''}: ${chart.trigger}`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PAD.left}" y="16" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${PAD.left + plotW}" y2="${PAD.top + plotH}" stroke="#333"/>`,
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + plotH}" stroke="#333"/>`,
  ];
  for (const v of [v0, (v0 + v1) / 2, v1])
    parts.push(
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${round(v)}</text>`,
      `<line x1="${PAD.left}" y1="${y(v)}" x2="${PAD.left + plotW}" y2="${y(v)}" stroke="#eee"/>`,
    );
  for (const at of [t0, (t0 + t1) / 2, t1])
    parts.push(`<text x="${x(at)}" y="${HEIGHT - 22}" text-anchor="middle">${clock(at)}</text>`);
  if (chart.threshold !== null)
    parts.push(
      `<line class="threshold" x1="${PAD.left}" y1="${y(chart.threshold)}" x2="${PAD.left + plotW}" y2="${y(chart.threshold)}" stroke="${COLOURS.threshold}" stroke-dasharray="6 4"/>`,
      `<text x="${PAD.left + 4}" y="${y(chart.threshold) - 4}" fill="${COLOURS.threshold}">threshold ${escapeXml(chart.thresholdNote)}</text>`,
    );
  for (const [i, mark] of chart.marks.entries())
    parts.push(
      `<line class="mark" data-label="${escapeXml(mark.label)}" x1="${x(mark.at)}" y1="${PAD.top}" x2="${x(mark.at)}" y2="${PAD.top + plotH}" stroke="${COLOURS.mark}" stroke-dasharray="2 3"/>`,
      // Labels of marks in the right half sit left of their line, so they stay inside the chart.
      x(mark.at) > PAD.left + plotW / 2
        ? `<text x="${x(mark.at) - 3}" y="${PAD.top + 10 + i * 12}" text-anchor="end" fill="${COLOURS.mark}">${escapeXml(mark.label)}</text>`
        : `<text x="${x(mark.at) + 3}" y="${PAD.top + 10 + i * 12}" fill="${COLOURS.mark}">${escapeXml(mark.label)}</text>`,
    );
  for (const line of chart.lines) {
    if (line.points.length === 0) continue;
    const path = line.points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline class="series" data-release="${escapeXml(line.release)}" data-role="${line.role}" fill="none" stroke="${COLOURS[line.role]}" stroke-width="2" points="${path}"/>`,
    );
  }
  chart.lines.forEach((line, i) =>
    parts.push(
      `<rect x="${PAD.left + i * 220}" y="${HEIGHT - 12}" width="10" height="3" fill="${COLOURS[line.role]}"/>`,
      `<text x="${PAD.left + 14 + i * 220}" y="${HEIGHT - 8}">${escapeXml(`${line.release} (${line.role})`)}</text>`,
    ),
  );
  if (chart.missing || points.length === 0)
    parts.push(
      `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#999">${escapeXml(chart.missing ?? 'no data in the frozen series')}</text>`,
    );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
