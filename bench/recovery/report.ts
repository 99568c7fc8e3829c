/** Summaries and tables of the recovery bench: ripcord's phases, and its totals beside the peers'. */
import type { FixedThresholdResult } from './measure-fixed-threshold.js';
import type { RipcordRun } from './measure-ripcord.js';
import { BY_HAND_SEC, QUOTED_AUTOMATED_SEC } from './scenarios.js';
import type { Scenario } from './scenarios.js';

/** Target for hard triggers: fault onset → 100 % of traffic on the target. */
export const TARGET_SEC = 10;

/** Nearest-rank quantile (with a handful of runs, an observed value rather than an interpolation). */
export function quantile(values: readonly number[], q: number): number {
  // Infinity stands for a run still unrecovered when the bench gave up: it sorts last.
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

let giveUpSec = Number.NaN;
const sec = (ms: number): string =>
  Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) : ms === Infinity ? `> ${giveUpSec}` : 'n/a';
const both = (values: number[]): string => `${sec(quantile(values, 0.5))} / ${sec(quantile(values, 0.9))}`;
const ratio = (a: number, b: number): string =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : 'n/a';

export interface ScenarioSummary {
  scenario: Scenario;
  runs: RipcordRun[];
  /** Onset → 100 % of traffic on the target, per run (ms). */
  totals: number[];
  peer?: FixedThresholdResult | undefined;
}

export function summarize(
  scenarios: readonly Scenario[],
  runs: RipcordRun[],
  peers: FixedThresholdResult[],
): ScenarioSummary[] {
  return scenarios.map((scenario) => {
    const mine = runs.filter((r) => r.scenario === scenario.id);
    for (const r of mine) if (r.censoredAfterSec !== undefined) giveUpSec = r.censoredAfterSec;
    return {
      scenario,
      runs: mine,
      totals: mine.flatMap((r) =>
        r.timing
          ? [r.timing.trafficRestoredAt - r.timing.onsetAt]
          : r.censoredAfterSec !== undefined
            ? [Infinity]
            : [],
      ),
      peer: peers.find((p) => p.scenario === scenario.id),
    };
  });
}

function phaseRow(s: ScenarioSummary): string[] {
  const timed = s.runs.flatMap((r) => (r.timing ? [r.timing] : []));
  const censored = s.runs.filter((r) => r.censoredAfterSec !== undefined).length;
  // Unrecovered runs count as "longer than the give-up time" in the onset-based columns.
  const of = (f: (t: NonNullable<RipcordRun['timing']>) => number, withCensored = false): string =>
    both([...timed.map(f), ...(withCensored ? Array<number>(censored).fill(Infinity) : [])]);
  const median = quantile(s.totals, 0.5);
  const hard = s.scenario.trigger.startsWith('hard:');
  return [
    s.scenario.title,
    `${timed.length}/${s.runs.length}`,
    of((t) => t.firstBreachAt - t.onsetAt, true),
    of((t) => t.decidedAt - t.firstBreachAt),
    of((t) => t.trafficRestoredAt - t.decidedAt),
    of((t) => t.executedAt - t.decidedAt),
    of((t) => t.trafficRestoredAt - t.onsetAt, true),
    of((t) => t.lastBadAt - t.onsetAt, true),
    hard ? (median <= TARGET_SEC * 1000 ? 'yes' : 'no') : '–',
  ];
}

export const PHASE_HEADER = [
  'fault',
  'recovered runs',
  'detection',
  'decision',
  'execution: traffic',
  'execution: plan',
  'onset → 100 % on target',
  'onset → last request on bad release',
  `≤ ${TARGET_SEC} s`,
];

function peerTotals(s: ScenarioSummary): number[] {
  if (!s.peer) return [];
  const execution = s.peer.executionMs;
  return s.peer.verdicts.map((v) => (v.decideMs === undefined ? Number.NaN : v.decideMs + execution));
}

function comparisonRow(s: ScenarioSummary): string[] {
  const ours = quantile(s.totals, 0.5);
  const peer = peerTotals(s);
  const undecided = s.peer ? s.peer.verdicts.filter((v) => v.decideMs === undefined).length : 0;
  const peerMedian = quantile(peer, 0.5);
  return [
    s.scenario.title,
    sec(ours),
    s.peer ? `${both(peer)}${undecided ? ` (${undecided} of ${peer.length} never failed)` : ''}` : 'not run',
    ratio(peerMedian, ours),
    ratio(QUOTED_AUTOMATED_SEC * 1000, ours),
    ratio(BY_HAND_SEC * 1000, ours),
  ];
}

export function comparisonHeader(peer: { intervalSec: number; failureLimit: number } | undefined): string[] {
  const label = peer
    ? `Argo/Flagger-style (${peer.intervalSec} s interval, failureLimit ${peer.failureLimit}) median / p90`
    : 'Argo/Flagger-style';
  return [
    'fault',
    'ripcord median',
    label,
    'Argo/Flagger-style ÷ ripcord',
    `${QUOTED_AUTOMATED_SEC} s (quoted for automated controllers) ÷ ripcord`,
    `${BY_HAND_SEC / 60} min (by hand) ÷ ripcord`,
  ];
}

export function phaseTable(summaries: ScenarioSummary[]): string[][] {
  return summaries.map(phaseRow);
}

export function comparisonTable(summaries: ScenarioSummary[]): string[][] {
  return summaries.map(comparisonRow);
}

/** The peer's detection/decision per phase, for the notes. */
export function peerDetail(s: ScenarioSummary): string {
  if (!s.peer) return '';
  const parts = s.peer.verdicts.map(
    (v) =>
      `${v.phaseSec.toFixed(0)} s → ${v.decideMs === undefined ? 'never' : `${sec(v.decideMs)} s`}` +
      (v.metrics ? ` (${v.metrics.join(' + ')})` : ''),
  );
  return `${s.scenario.title}: first look after the fault → decision: ${parts.join(', ')}; routing change ${s.peer.executionMs.toFixed(0)} ms`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
