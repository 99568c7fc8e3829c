import Table from 'cli-table3';

import { clopperPearson } from './intervals.js';
import { backgroundOf } from './scenarios.js';
import type { ScenarioResult } from './simulate.js';

/** The detection target's bound on time: the median within this multiple of the oracle's. */
export const ORACLE_FACTOR = 1.5;
/** False rollbacks allowed (95 % upper bound) and detections required, per background. */
export const FALSE_ROLLBACK_LIMIT = 0.01;
export const DETECTION_TARGET = 0.99;

export interface Row {
  background: string;
  /** A/A, or the regression injected. */
  release: string;
  decider: string;
  releases: number;
  aa: boolean;
  /** A/A: releases rolled back; regression: releases rolled back after the onset. */
  count: number;
  rate: number;
  /** A/A: the 95 % upper bound of the false-rollback rate; regression: the 95 % lower bound of detection (Clopper–Pearson, one-sided). */
  bound: number;
  /** Regression: releases rolled back before the onset (false alarms on the healthy stretch). */
  early: number;
  medianTtd: number | undefined;
  p90Ttd: number | undefined;
  /** Median seconds from the onset until the oracle's fixed-horizon test reached 99 % power, and the share of releases where it did. */
  oracleMedian: number | undefined;
  oracleReached: number;
  /** A/A: share of releases where one fixed-horizon test per metric at the end rejects. */
  fixedHorizon: number | undefined;
}

export function quantile(xs: readonly number[], q: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export function rows(results: ScenarioResult[]): Row[] {
  return results.flatMap((r) => {
    const background = backgroundOf(r.scenario).name;
    const release = r.scenario.name.includes(' · ') ? r.scenario.name.split(' · ')[1]! : r.scenario.name;
    const aa = r.scenario.regression === 'none';
    return r.deciders.map((d): Row => {
      const detected = aa ? d.ttd : d.ttd.filter((t) => t > 0);
      const count = detected.length;
      const cp = clopperPearson(count, r.releases, 0.05);
      return {
        background,
        release,
        decider: d.name,
        releases: r.releases,
        aa,
        count,
        rate: count / r.releases,
        bound: aa ? cp.upper : cp.lower,
        early: aa ? 0 : d.ttd.length - detected.length,
        medianTtd: aa ? undefined : quantile(detected, 0.5),
        p90Ttd: aa ? undefined : quantile(detected, 0.9),
        oracleMedian: aa ? undefined : quantile(r.oracleTtd, 0.5),
        oracleReached: aa ? 0 : r.oracleTtd.length / r.releases,
        fixedHorizon: aa ? r.fixedHorizonRejects / r.releases : undefined,
      };
    });
  });
}

export const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const secs = (x: number | undefined): string => (x === undefined ? '–' : `${x} s`);
const HEAD = [
  'background',
  'release',
  'decider',
  'releases',
  'false rollbacks / detected',
  '95 % bound*',
  'median TTD',
  'p90 TTD',
  'oracle†',
  '× oracle',
];

function cells(r: Row): string[] {
  const early = r.early > 0 ? ` (+${r.early} before onset)` : '';
  const ratio =
    r.medianTtd !== undefined && r.oracleMedian !== undefined && r.oracleMedian > 0
      ? `${(r.medianTtd / r.oracleMedian).toFixed(2)}×`
      : '–';
  const oracle = r.aa
    ? `end test ${pct(r.fixedHorizon ?? 0)}`
    : r.oracleReached < 0.5
      ? `not reached (${pct(r.oracleReached)})`
      : secs(r.oracleMedian);
  return [
    r.background,
    r.release,
    r.decider,
    String(r.releases),
    `${r.aa ? 'false ' : ''}${pct(r.rate)}${early}`,
    `${r.aa ? '≤' : '≥'} ${pct(r.bound)}`,
    secs(r.medianTtd),
    secs(r.p90Ttd),
    oracle,
    ratio,
  ];
}

export function terminalTable(all: Row[]): string {
  const table = new Table({ head: HEAD });
  for (const r of all) table.push(cells(r));
  return table.toString();
}

export function markdownTable(all: Row[]): string {
  const line = (xs: string[]) => `| ${xs.join(' | ')} |`;
  return [line(HEAD), line(HEAD.map(() => '---')), ...all.map((r) => line(cells(r)))].join('\n');
}

/** What rolled the A/A releases back, per background and decider: "conversion 412, p95 19". */
export function falseAlarmCauses(results: ScenarioResult[]): string {
  const lines = [
    '| background | decider | what rolled the A/A releases back (releases) |',
    '| --- | --- | --- |',
  ];
  for (const r of results.filter((x) => x.scenario.regression === 'none'))
    for (const d of r.deciders) {
      const causes = Object.entries(d.causes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      lines.push(
        `| ${backgroundOf(r.scenario).name} (${r.scenario.mode}) | ${d.name} | ${causes || 'none'} |`,
      );
    }
  return lines.join('\n');
}

/** What rolled the regressed releases back on the non-stationary backgrounds, ripcord's rows: the regression's own trigger, or another. */
export function regressionCauses(results: ScenarioResult[]): string {
  const lines = [
    '| background | release | decider | what rolled the regressed releases back (releases, before the onset included) |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of results.filter((x) => x.scenario.regression !== 'none' && x.scenario.background))
    for (const d of r.deciders.filter((x) => x.name.startsWith('ripcord'))) {
      const causes = Object.entries(d.causes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const release = r.scenario.name.split(' · ')[1] ?? r.scenario.name;
      lines.push(`| ${backgroundOf(r.scenario).name} | ${release} | ${d.name} | ${causes || 'none'} |`);
    }
  return lines.join('\n');
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** The targets, checked on each of ripcord's rows: false rollbacks on every background, detection and time against the oracle. */
export function checkTargets(all: Row[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const r of all.filter((x) => x.decider.startsWith('ripcord'))) {
    const who = `${r.background} · ${r.release}${r.decider === 'ripcord judges' ? '' : ` · ${r.decider.replace('ripcord judges ', '')}`}`;
    if (r.aa) {
      out.push({
        target: `${who}: false rollbacks ≤ ${pct(FALSE_ROLLBACK_LIMIT)} (95 % upper bound)`,
        measured: `${pct(r.rate)} (${r.count} of ${r.releases}; upper bound ${pct(r.bound)})`,
        met: r.bound <= FALSE_ROLLBACK_LIMIT,
      });
      continue;
    }
    const limit = r.oracleMedian === undefined ? undefined : ORACLE_FACTOR * r.oracleMedian;
    const inTime = limit !== undefined && r.medianTtd !== undefined && r.medianTtd <= limit;
    out.push({
      target: `${who}: detected ≥ ${pct(DETECTION_TARGET)}, median TTD ≤ ${ORACLE_FACTOR}× oracle`,
      measured: `${pct(r.rate)}${r.early > 0 ? ` (+${r.early} before onset)` : ''}, ${secs(r.medianTtd)} against ${limit === undefined ? 'an oracle that never reached 99 % power' : `${ORACLE_FACTOR} × ${secs(r.oracleMedian)}`}`,
      met: r.rate >= DETECTION_TARGET && inTime,
    });
  }
  return out;
}

/** ripcord's rows only, compact: what BEFORE.md keeps of a run. */
export function summaryTable(all: Row[]): string {
  const head = [
    'background',
    'release',
    'decider',
    'false rollbacks / detected',
    '95 % bound',
    'median TTD',
    'oracle',
  ];
  const line = (xs: string[]) => `| ${xs.join(' | ')} |`;
  const body = all
    .filter((r) => r.decider.startsWith('ripcord'))
    .map((r) => {
      const c = cells(r);
      return line([c[0]!, c[1]!, c[2]!, c[4]!, c[5]!, c[6]!, c[8]!]);
    });
  return [line(head), line(head.map(() => '---')), ...body].join('\n');
}
