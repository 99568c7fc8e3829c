/**
 * The data of one chart per trigger the decision read: the trigger's metric for both releases
 * over the frozen series (before the decision and after traffic moved), its threshold, and the
 * first breach and rollback marked. Triggers whose metric the frozen series does not carry
 * (input-quality distances) are listed without a chart.
 */
import { parseTrigger } from '../../analysis/triggers/index.js';
import type { Trigger } from '../../analysis/triggers/index.js';
import type { SeriesPoint } from '../evidence.js';
import type { Incident } from '../incident.js';

export interface ChartLine {
  release: string;
  role: 'pulled' | 'target';
  points: { at: number; value: number }[];
}

export interface TriggerChart {
  trigger: string;
  /** A file-safe name (`chart-1-error-rate.svg`). */
  slug: string;
  metric: string;
  unit: '%' | 'ms' | '';
  /** In the unit shown (percent for rates). */
  threshold: number | null;
  thresholdNote: string;
  lines: ChartLine[];
  marks: { at: number; label: string }[];
  /** Why there is no line (no frozen series, a metric the series does not carry). */
  missing?: string | undefined;
}

type Reader = (p: SeriesPoint) => number | null;

function readerFor(
  trigger: Trigger,
): { read: Reader; metric: string; unit: TriggerChart['unit'] } | undefined {
  const m = trigger.metric;
  switch (m.kind) {
    case 'error-rate':
      return {
        read: (p) => (p.errorRate === null ? null : p.errorRate * 100),
        metric: 'error rate',
        unit: '%',
      };
    case 'latency': {
      const key = m.quantile >= 0.99 ? 'p99' : m.quantile >= 0.95 ? 'p95' : 'p50';
      return { read: (p) => p.latencyMs[key], metric: `${key} latency`, unit: 'ms' };
    }
    case 'diversity':
      return {
        read: (p) => p.diversity.entropy,
        metric: 'prediction diversity (normalised entropy)',
        unit: '',
      };
    case 'kpi':
      return { read: (p) => p.kpis[m.name]?.mean ?? null, metric: `KPI ${m.name} (mean)`, unit: '' };
    default:
      return undefined;
  }
}

/** The threshold in the chart's unit: absolute as written; relative from the decision's baseline reading. */
function thresholdOf(trigger: Trigger, unit: TriggerChart['unit'], baseline: number | undefined) {
  const c = trigger.comparison;
  const scale = unit === '%' ? 100 : 1;
  if (c.mode === 'absolute') return { value: c.value * scale, note: `${c.op} ${c.value * scale}${unit}` };
  if (baseline === undefined)
    return { value: null, note: 'relative to the baseline (no baseline reading frozen)' };
  const factor = c.direction === 'up' ? 1 + c.limit : 1 - c.limit;
  return {
    value: baseline * scale * factor,
    note: `${c.direction} ${Math.round(c.limit * 100)} % from the baseline's ${(baseline * scale).toPrecision(3)}${unit} at the decision`,
  };
}

function slugOf(index: number, metric: string): string {
  return `chart-${index + 1}-${metric
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}`;
}

function line(points: readonly SeriesPoint[] | undefined, read: Reader): { at: number; value: number }[] {
  return (points ?? []).flatMap((p) => {
    const value = read(p);
    return value === null || p.requests === 0 ? [] : [{ at: p.from, value }];
  });
}

export function triggerCharts(incident: Incident): TriggerChart[] {
  const evidence = incident.evidence;
  const readings = evidence.decision?.readings ?? [];
  const texts = readings.length > 0 ? readings.map((r) => r.trigger) : [incident.trigger];
  const marks = [
    { at: incident.times.firstBreachAt, label: 'first breach' },
    ...(incident.times.decidedAt === undefined ? [] : [{ at: incident.times.decidedAt, label: 'rollback' }]),
    ...(incident.times.trafficRestoredAt === undefined
      ? []
      : [{ at: incident.times.trafficRestoredAt, label: 'traffic restored' }]),
  ];
  return [...new Set(texts)].flatMap((text, index): TriggerChart[] => {
    let trigger: Trigger;
    try {
      trigger = parseTrigger(text);
    } catch {
      return [];
    }
    if (trigger.severity === 'observe') return [];
    const reader = readerFor(trigger);
    const base = { trigger: text, marks };
    if (!reader)
      return [
        {
          ...base,
          slug: slugOf(index, trigger.metric.kind),
          metric: trigger.metric.kind,
          unit: '',
          threshold: null,
          thresholdNote: '',
          lines: [],
          missing: `the frozen series does not carry ${trigger.metric.kind}; see the decision's readings`,
        },
      ];
    const reading = readings.find((r) => r.trigger === text);
    const threshold = thresholdOf(trigger, reader.unit, reading?.baseline);
    const { before, after } = evidence.series ?? {};
    const lines: ChartLine[] = [
      {
        release: incident.release,
        role: 'pulled',
        points: [...line(before?.candidate, reader.read), ...line(after?.candidate, reader.read)],
      },
      {
        release: incident.target,
        role: 'target',
        points: [...line(before?.baseline, reader.read), ...line(after?.baseline, reader.read)],
      },
    ];
    return [
      {
        ...base,
        slug: slugOf(index, reader.metric),
        metric: reader.metric,
        unit: reader.unit,
        threshold: threshold.value,
        thresholdNote: threshold.note,
        lines,
        ...(before || after ? {} : { missing: 'no series was frozen with this incident' }),
      },
    ];
  });
}
