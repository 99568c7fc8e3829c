/** One line per second: phase, split and each release's latency, errors and prediction diversity. */
import { normalizedEntropy } from '../../stats/index.js';
import { serverSideFailures, type TelemetryReader } from '../../telemetry/types.js';

export interface ReleaseLine {
  release: string;
  share: number;
}

export function formatReleaseMetrics(
  reader: TelemetryReader,
  model: string,
  release: string,
  now: number,
): string {
  const window = reader.window({ model, release, from: now - 5_000, to: now });
  if (window.requests === 0) return `${release.padEnd(15)}      idle`;
  const p95 = window.latency.getValueAtQuantile(0.95) ?? 0;
  const errors = serverSideFailures(window.outcomes);
  const diversity = window.predictions.size > 0 ? normalizedEntropy(window.predictions) : NaN;
  return (
    `${release.padEnd(15)} ${String(Math.round(window.requests / 5)).padStart(4)} rps` +
    `  p95 ${p95.toFixed(0).padStart(3)} ms  err ${((errors / window.requests) * 100).toFixed(1).padStart(4)} %` +
    `  diversity ${Number.isNaN(diversity) ? ' n/a' : diversity.toFixed(2)}`
  );
}
