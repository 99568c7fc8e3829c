/** One trigger: the candidate against the baseline and the limit over time, and the judge's reading in words. */
import type { ReadingPoint } from './rollout-history';
import { TimeChart } from '../charts/time-chart';
import { limitAt, thresholdOf } from '../triggers';
import { time } from '../format';

export function TriggerChart({ trigger, points }: { trigger: string; points: ReadingPoint[] }) {
  const threshold = thresholdOf(trigger);
  const last = points.at(-1)?.reading;
  const isRate = /\brate\b/.test(trigger);
  const format = (v: number) =>
    isRate ? `${(v * 100).toFixed(2)}%` : /latency/.test(trigger) ? `${v.toFixed(0)} ms` : v.toFixed(3);
  const times = points.map((p) => p.at / 1000);
  const series = [
    { label: 'candidate', color: 'var(--candidate)', values: points.map((p) => p.reading.observed ?? null) },
    { label: 'baseline', color: 'var(--baseline)', values: points.map((p) => p.reading.baseline ?? null) },
    {
      label: 'limit',
      color: 'var(--limit)',
      dash: [6, 4],
      values: points.map((p) => limitAt(threshold, p.reading.baseline)),
    },
  ].map((s) => ({ ...s, color: resolveColor(s.color) }));
  return (
    <article class="trigger" data-testid="trigger">
      <h3>
        <span class={`sev sev-${last?.severity ?? 'hard'}`}>{last?.severity ?? ''}</span> {trigger}
      </h3>
      {last && (
        <p class={`reading status-${last.status}`} aria-live="polite">
          <strong>{statusWords(last.status)}</strong> {last.message}
          {last.pValue !== undefined && <span class="muted"> (p = {last.pValue.toPrecision(2)})</span>}
          <span class="muted"> · {time(points.at(-1)?.at)}</span>
        </p>
      )}
      {points.some((p) => p.reading.observed !== undefined) ? (
        <TimeChart
          title={`${trigger}: candidate, baseline and limit over time`}
          times={times}
          series={series}
          format={format}
        />
      ) : (
        <p class="muted">No measured reading yet.</p>
      )}
    </article>
  );
}

function statusWords(status: string): string {
  switch (status) {
    case 'ok':
      return 'Within its limit:';
    case 'breach':
      return 'In breach:';
    case 'pending-breach':
      return 'Crossing (not yet held long enough):';
    default:
      return 'Not enough data yet:';
  }
}

/** uPlot draws on a canvas, which does not resolve CSS variables. */
function resolveColor(color: string): string {
  const name = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
  if (!name) return color;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#ccc';
}
