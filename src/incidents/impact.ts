/**
 * Who the bad release reached between the start of the incident (onset, else first breach) and
 * the moment traffic was restored, from the frozen evidence only (the report can be rebuilt years
 * later from the archive alone).
 */
import type { Incident } from './incident.js';
import type { SeriesPoint } from './evidence.js';
import { recoveryFigures } from './recovery-time.js';

export interface Impact {
  /** The span counted: start → traffic restored (or the end of the frozen series). */
  from: number;
  to: number;
  /** Requests the pulled release answered in the span (from the frozen per-step series). */
  requests: number | null;
  /**
   * Distinct sticky-session users among the sampled requests the pulled release answered in the
   * span: a lower bound (only a sample of requests is kept), null without a sticky key.
   */
  stickyUsersSeen: number | null;
  stickyKey?: string | undefined;
  /** KPI loss, when the policy prices a conversion and both releases had the KPI measured. */
  kpiLoss?:
    | {
        kpi: string;
        candidateRate: number;
        baselineRate: number;
        lostConversions: number;
        value: number;
        currency: string;
      }
    | undefined;
}

function requestsIn(points: readonly SeriesPoint[], stepMs: number, from: number, to: number): number {
  // A step counts when its start lies in the span: the series' resolution is the step.
  return points.filter((p) => p.from + stepMs > from && p.from < to).reduce((sum, p) => sum + p.requests, 0);
}

function headerValue(headers: Record<string, unknown> | undefined, key: string): string | undefined {
  if (!headers) return undefined;
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0]) : String(value);
  return undefined;
}

export function incidentImpact(incident: Incident): Impact {
  const figures = recoveryFigures(incident);
  const evidence = incident.evidence;
  const series = evidence.series?.before;
  const from = figures.startAt;
  const to =
    incident.times.trafficRestoredAt ??
    (series?.candidate.at(-1) ? series.candidate.at(-1)!.from + series.stepMs : incident.times.firstBreachAt);
  // The after series starts at the decision: requests between it and traffic restored count too.
  const points = [...(series?.candidate ?? []), ...(evidence.series?.after?.candidate ?? [])];
  const requests = series ? requestsIn(points, series.stepMs, from, to) : null;

  const sticky = evidence.stickyKey;
  let stickyUsersSeen: number | null = null;
  if (sticky?.source === 'header') {
    const users = new Set<string>();
    for (const sample of evidence.samples) {
      if (sample.release !== incident.release || sample.at < from || sample.at >= to) continue;
      const user = headerValue(sample.request.headers, sticky.key);
      if (user !== undefined && user !== '[redacted]') users.add(user);
    }
    stickyUsersSeen = users.size;
  }

  const priced = incident.policy?.valuePerConversion;
  let kpiLoss: Impact['kpiLoss'];
  const before = evidence.windows?.before;
  if (priced && before && requests !== null) {
    const candidateRate = before.candidate.kpis[priced.kpi]?.mean ?? null;
    const baselineRate = before.baseline.kpis[priced.kpi]?.mean ?? null;
    if (candidateRate !== null && baselineRate !== null) {
      const lostConversions = Math.max(0, (baselineRate - candidateRate) * requests);
      kpiLoss = {
        kpi: priced.kpi,
        candidateRate,
        baselineRate,
        lostConversions,
        value: lostConversions * priced.value,
        currency: priced.currency,
      };
    }
  }
  return {
    from,
    to,
    requests,
    stickyUsersSeen,
    ...(sticky ? { stickyKey: `${sticky.source}:${sticky.key}` } : {}),
    ...(kpiLoss ? { kpiLoss } : {}),
  };
}
