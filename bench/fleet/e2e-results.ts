/** The fleet end-to-end bench's summary: medians per setup, their ratio, and a RESULTS.md section. */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RoundLegs } from './round-legs.js';

export interface SetupRun extends RoundLegs {
  kind: 'fleet' | 'in-process';
  round: number;
  /** Seconds from the fault to the last gateway routing the canary users to the target. */
  restoredSec: number | undefined;
  firstGatewaySec: number | undefined;
  /** Gateways that had not switched when the run gave up. */
  missing: number;
  phase: string;
  trigger: string | undefined;
  /** The control plane's CPU-seconds per wall-second and RSS over the healthy warm-up. */
  planeCpuPerSec: number;
  planeRssMb: number;
  /** The remote gateways' CPU-seconds per wall-second, all together (0 in process). */
  gatewaysCpuPerSec: number;
  /** Mean RSS of one remote gateway process (0 in process). */
  gatewayRssMb: number;
  /** Telemetry posts the control plane took per second over the warm-up, all gateways together. */
  postsPerSec: number;
  /** Probe answers off the candidate before the fault (not counted as the switch). */
  earlyProbes: number;
  sent: number;
  failed: number;
}

export interface E2eFigures {
  gateways: number;
  models: number;
  rate: number;
  weight: number;
  rounds: number;
  warmupSec: number;
  probeMs: number;
  loadAverage: [number, number];
  wallSec: number;
  runs: SetupRun[];
  note: string;
  /** The rollouts' triggers. */
  triggers: string[];
}

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const fmt = (x: number | undefined, digits = 2): string => (x === undefined ? 'n/a' : x.toFixed(digits));

/** Prints-ready summary; appends it to RESULTS.md when `write`. */
export function appendE2eResults(f: E2eFigures, write: boolean): string {
  const of = (kind: SetupRun['kind']): SetupRun[] => f.runs.filter((r) => r.kind === kind);
  const restored = (runs: SetupRun[]): number[] =>
    runs.map((r) => r.restoredSec).filter((x): x is number => x !== undefined);
  const fleet = of('fleet');
  const inProcess = of('in-process');
  const fleetMedian = restored(fleet).length ? median(restored(fleet)) : undefined;
  const localMedian = restored(inProcess).length ? median(restored(inProcess)) : undefined;
  const ratio = fleetMedian !== undefined && localMedian ? fleetMedian / localMedian : undefined;
  const planeCpu = median(fleet.map((r) => r.planeCpuPerSec));
  const localCpu = median(inProcess.map((r) => r.planeCpuPerSec));
  const planeRss = median(fleet.map((r) => r.planeRssMb));
  const localRss = median(inProcess.map((r) => r.planeRssMb));
  const gatewaysCpu = median(fleet.map((r) => r.gatewaysCpuPerSec));
  const gatewayRss = median(fleet.map((r) => r.gatewayRssMb));
  const legRow = (r: SetupRun): string =>
    `| ${r.round + 1} | ${r.kind} | ${fmt(r.evidenceSec)} | ${fmt(r.breachSec)} | ${fmt(r.decisionSec)} | ${fmt(r.firstGatewaySec)} | ${fmt(r.restoredSec)} | ${fmt(r.confirmedSec)} |`;
  const legMedian = (runs: SetupRun[], leg: keyof RoundLegs | 'firstGatewaySec' | 'restoredSec'): string => {
    const xs = runs.map((r) => r[leg]).filter((x): x is number => x !== undefined);
    return xs.length ? fmt(median(xs)) : 'n/a';
  };
  const legs = ['evidenceSec', 'breachSec', 'decisionSec', 'firstGatewaySec', 'restoredSec'] as const;
  const row = (r: SetupRun): string =>
    `| ${r.round + 1} | ${r.kind} | ${fmt(r.restoredSec)} | ${fmt(r.firstGatewaySec)} | ${r.phase}${r.trigger ? ` (${r.trigger})` : ''} | ${fmt(r.planeCpuPerSec)} | ${fmt(r.planeRssMb, 0)} | ${r.sent} / ${r.failed} | ${r.earlyProbes} |`;
  const lines = [
    '',
    '## End to end: a fault to every gateway on the target',
    '',
    `\`npm run bench:fleet:e2e -- --rounds ${f.rounds} --gateways ${f.gateways} --models ${f.models} --rate ${f.rate}${f.triggers.length === 1 ? ' --triggers errors' : ''}\`:` +
      ` one \`ripcord up\` (SQLite) and ${f.gateways} \`ripcord gateway\` processes following it, ${f.models} models` +
      ` at ${f.rate} req/s in total spread over the gateways, every rollout held at a ${f.weight} % canary step` +
      ` (triggers: ${f.triggers.join('; ')}). The fault: one model's candidate server answers 500s. Measured to` +
      ` the moment the last gateway routes that model's canary users to the target (each gateway probed every` +
      ` ${f.probeMs} ms by a user it had put on the candidate). Peer, same run, alternated round by round: the` +
      ` same fault with the control plane's own in-process gateway taking all the traffic and the same probes.` +
      ` Both control planes run throughout; ${f.warmupSec} s of healthy load before each fault.`,
    '',
    '| round | setup | fault → every gateway on target (s) | → first gateway (s) | rollout | plane CPU-s per s | plane RSS MB | sent / failed | probes off the candidate before the fault |',
    '| ----- | ----- | ----------------------------------- | ------------------- | ------- | ----------------- | ------------ | ------------- | ---- |',
    ...f.runs.map(row),
    '',
    "Where the time goes, seconds from the fault: the first error in the control plane's telemetry (polled every 50 ms), the deciding trigger's first breach and the rollback decision (the incident's times), the first and the last gateway routing the canary users to the target (probes), and the plan's traffic step confirmed by every gateway (the incident's traffic restored).",
    '',
    '| round | setup | evidence at plane | first breach | decision | first gateway | last gateway | traffic step confirmed |',
    '| ----- | ----- | ----------------- | ------------ | -------- | ------------- | ------------ | ---------------------- |',
    ...f.runs.map(legRow),
    ...(['fleet', 'in-process'] as const).map(
      (kind) =>
        `| median | ${kind} | ${legs.map((leg) => legMedian(of(kind), leg)).join(' | ')} | ${legMedian(of(kind), 'confirmedSec')} |`,
    ),
    '',
    `Median fleet ${fmt(fleetMedian)} s beside in-process ${fmt(localMedian)} s: ratio ${fmt(ratio)}× (target ≤ 1.5×).`,
    `Control plane under the fleet's load: ${fmt(planeCpu)} CPU-s per second (${fmt((planeCpu / f.gateways) * 100, 1)} % of a core per gateway), RSS ${fmt(planeRss, 0)} MB (${fmt(planeRss / f.gateways, 1)} MB per gateway, the whole process counted);` +
      ` the in-process plane, which also proxies every request, ${fmt(localCpu)} CPU-s per second, RSS ${fmt(localRss, 0)} MB.` +
      ` The ${f.gateways} gateway processes together: ${fmt(gatewaysCpu)} CPU-s per second (${fmt(gatewaysCpu / f.gateways, 3)} each), RSS ${fmt(gatewayRss, 0)} MB each.`,
    `Load average ${fmt(f.loadAverage[0])} at the start, ${fmt(f.loadAverage[1])} at the end (2 cores); wall ${fmt(f.wallSec, 0)} s.${f.note ? ` ${f.note}` : ''}`,
    '',
  ];
  const text = lines.join('\n');
  if (write) appendFileSync(RESULTS, text);
  return text;
}
