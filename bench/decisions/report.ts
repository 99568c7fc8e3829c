import Table from 'cli-table3';

import type { ScenarioResult } from './simulate.js';

export interface Row {
  scenario: string;
  decider: string;
  releases: number;
  /** A/A: false rollback rate; regression: detection rate. */
  rate: number;
  medianTtd: number | undefined;
  p90Ttd: number | undefined;
  fixedHorizonPower: number;
  aa: boolean;
}

function quantile(xs: number[], q: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

export function rows(results: ScenarioResult[]): Row[] {
  return results.flatMap((r) =>
    r.deciders.map((d) => ({
      scenario: r.scenario.name,
      decider: d.name,
      releases: r.releases,
      rate: d.alarms / r.releases,
      medianTtd: quantile(d.ttd, 0.5),
      p90Ttd: quantile(d.ttd, 0.9),
      fixedHorizonPower: r.fixedHorizonRejects / r.releases,
      aa: r.scenario.regression === 'none',
    })),
  );
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const secs = (x: number | undefined): string => (x === undefined ? '–' : `${x} s`);
const HEAD = [
  'scenario',
  'decider',
  'releases',
  'false rollbacks (A/A) / detected',
  'median TTD',
  'p90 TTD',
  'fixed-horizon test*',
];

function cells(r: Row): string[] {
  return [
    r.scenario,
    r.decider,
    String(r.releases),
    `${r.aa ? 'false ' : ''}${pct(r.rate)}`,
    secs(r.medianTtd),
    secs(r.p90Ttd),
    pct(r.fixedHorizonPower),
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

/** What rolled back the A/A releases, per decider: "conversion 412, p95 19". */
export function falseAlarmCauses(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | decider | what rolled the A/A releases back (releases) |',
    '| --- | --- | --- |',
  ];
  for (const r of results.filter((x) => x.scenario.regression === 'none'))
    for (const d of r.deciders) {
      const causes = Object.entries(d.causes)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      lines.push(`| ${r.scenario.name} | ${d.name} | ${causes || 'none'} |`);
    }
  return lines.join('\n');
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** The targets, checked on ripcord's rows. */
export function checkTargets(all: Row[]): TargetCheck[] {
  const ours = all.filter((r) => r.decider.startsWith('ripcord'));
  const find = (prefix: string) => ours.find((r) => r.scenario.startsWith(prefix));
  const out: TargetCheck[] = [];
  for (const r of ours.filter((x) => x.aa)) {
    const alarms = Math.round(r.rate * r.releases);
    // With no false rollback in n releases the 95 % upper bound is about 3/n (rule of three).
    const bound = alarms === 0 ? `; 95 % upper bound ${pct(3 / r.releases)}` : '';
    out.push({
      target: `${r.scenario}: false rollbacks ≤ 1 %`,
      measured: `${pct(r.rate)} (${alarms} of ${r.releases}${bound})`,
      met: r.rate <= 0.01,
    });
  }
  for (const prefix of ['errors', 'p95', 'diversity']) {
    const r = find(prefix);
    if (!r) continue;
    out.push({
      target: `${r.scenario}: detected ≥ 99 %, median TTD ≤ 60 s`,
      measured: `${pct(r.rate)}, ${secs(r.medianTtd)}`,
      met: r.rate >= 0.99 && (r.medianTtd ?? Infinity) <= 60,
    });
  }
  const conv = find('conversion');
  if (conv)
    out.push({
      target: `${conv.scenario}: detected ≥ 90 %`,
      measured: pct(conv.rate),
      met: conv.rate >= 0.9,
    });
  return out;
}
