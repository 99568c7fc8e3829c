import {
  DIURNAL_PERIOD_SEC,
  INCIDENT_SEC,
  KPI_DELAYED,
  NIGHT,
  STEP_SEC,
  WEIGHT_STEPS,
} from './backgrounds.js';
import { CALIBRATION_ALPHA } from './calibration.js';
import { BACKGROUND_ONSET } from './scenarios.js';
import type { TargetCheck } from './report.js';
import { DETECTION_TARGET, FALSE_ROLLBACK_LIMIT, ORACLE_FACTOR } from './report.js';
import type { SimOptions } from './simulate.js';

const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`;

/** RESULTS.md body: how it was measured, the table, the targets, the calibration and the causes. */
export function writeResults(input: {
  opts: SimOptions;
  table: string;
  causes: string;
  regressionCauses: string;
  calibration: string | undefined;
  calibrationReleases: number;
  checks: TargetCheck[];
  seconds: number;
  cpuSec: number;
  load: number;
  jobs: number;
  /** What else ran on the machine, in words (\`--note\`). */
  note?: string | undefined;
  /** Earlier figures kept beside the new ones (bench/decisions/BEFORE.md), if any. */
  before?: string | undefined;
}): string {
  const { opts } = input;
  const met = input.checks.filter((c) => c.met).length;
  const kpi = KPI_DELAYED.kpiFeedback!;
  return `# Decision quality benchmark — results

Measured by \`npm run bench:decisions\` (seed ${opts.seed}): ${input.seconds.toFixed(0)} s wall clock and
${input.cpuSec.toFixed(0)} CPU seconds, on ${input.jobs} processes on the project's 2-core machine, load average
about ${input.load.toFixed(1)} over the run (the bench's own processes account for ${input.jobs} of it).${input.note ? ` Also running: ${input.note}.` : ''}
With the load above the core count the wall clock says more about the other work than about the
bench; the CPU seconds are the figure to compare between runs.

## How it is simulated

Releases are simulated second by second (Poisson traffic split into latency, item and feature
histograms; \`bench/decisions/arm-stream.ts\`) and read through a \`TelemetryReader\` as the
gateway's telemetry would return them. Every decider sees the same streams.

- **Traffic**: ${opts.rate} req/s over both releases (night: ${NIGHT.rate} req/s). Canary: the candidate takes
  ${opts.canaryShare * 100} % beside the baseline for ${opts.canaryHorizonSec / 60} simulated minutes. Blue/green: all
  traffic flips and the new release is judged for ${opts.blueGreenHorizonSec / 60} minutes against the
  ${opts.blueGreenHorizonSec / 60} minutes before the flip (${(KPI_DELAYED.horizonSec ?? 0) / 60} and ${(KPI_DELAYED.horizonSec ?? 0) / 60} on the late-KPI background).
- **Releases**: ${opts.releasesAA} per A/A scenario, ${opts.releasesRegression} per regression scenario,
  ${input.calibrationReleases} per calibration case.
- **Backgrounds** (what every release goes through at once, \`backgrounds.ts\`):
  - _stationary_: the same load, latency and error rate the whole time;
  - _shared slowdowns_: every latency ×1.2–2 (uniform) for 1–10 minutes (uniform), the first within 4
    minutes, then gaps of 4 minutes on average (exponential), for both releases;
  - _diurnal_: the day compressed into ${DIURNAL_PERIOD_SEC / 60} minutes (random phase): load swings 3× from trough
    to peak, latency follows it (×load^0.25) and the KPI's rate moves ±10 %;
  - _shared error bursts_: 3 % of every release's requests fail for 2 minutes, the first within 5
    minutes, then gaps of 5 minutes on average;
  - _weight steps_: the canary's weight goes ${WEIGHT_STEPS.map((w) => w * 100).join(' → ')} % every ${STEP_SEC / 60} minutes while a
    shared incident (3 % of every release's requests fail for ${INCIDENT_SEC / 60} minutes) starts 30–90 s before
    one of the step changes and spans it;
  - _night_: ${NIGHT.rate} req/s in all, so the ${opts.canaryShare * 100} % canary gets about one request a second;
  - _late KPI_ (blue/green): KPI events come back from ${kpi.share * 100} % of requests, ${kpi.minDelaySec}–${kpi.maxDelaySec} s after the
    request, and count in the second they arrive (as the gateway records feedback).
- **Regressions**: errors 0.3 % → 5 %, every latency ×1.4 (p95 +40 %), diversity collapse 0.73 → 0.04
  and (stationary) a PSI shift; conversion 10 % → 9.7 % (KPI −3 %) on blue/green. Present from the
  first second (stationary rows), after 2 healthy minutes (rows saying so), at a random onset
  ${BACKGROUND_ONSET[0]}–${BACKGROUND_ONSET[1]} s into the canary on the backgrounds, at the flip on blue/green. Time to detect
  (TTD) counts from the onset; a rollback before it is a false one and is shown apart.
- **How ripcord's judges are fed**: as the controller calls them — every ${opts.tickSec} s (the controller
  ticks every second; \`--tick 1\` matches it, at five times the judging cost), with the canary's current
  weight as the candidate's share and \`since\` at the current step's start. Today's controller passes
  the rollout's start instead (\`reconcile-rollout.ts\`), so on weight steps the judges run both ways,
  side by side ("since step start", "since rollout start"); a new \`since\` restarts a judge's tests.
- **Oracle**† (\`oracle.ts\`): a fixed-horizon test that knows the onset and the true effect, at the
  level of ripcord's test of the same trigger (0.01 / 6 on a canary, six tested triggers; 0.01 / 3 on
  blue/green): the one-sided z-test of the trigger's own null (error
  rate ≤ 1.5 × the baseline's, the p95 exceedance share ≤ 5 %, conversion ≥ the baseline's) or a
  chi-square homogeneity test (diversity, PSI), on the data since the onset. Its time is the first of
  the judges' looks (every ${opts.tickSec} s) at which its power reaches ${pct(DETECTION_TARGET)} at the sample sizes this release
  actually had — no decider acts between looks: what a single test that knew
  when to look would wait to catch the regression as often as the target asks. A sequential judge's
  median time within ${ORACLE_FACTOR}× of it is the target.
- **Bounds**\\*: Clopper–Pearson, one-sided 95 %: the upper bound of a false-rollback rate (A/A rows), the
  lower bound of a detection rate (regression rows). On A/A rows the oracle column gives instead the
  share of releases where one fixed-horizon test per metric at the end (pooled over the horizon)
  rejects.

## Results

${input.table}

## Targets (ripcord's judges): ${met} of ${input.checks.length} met

False rollbacks ≤ ${pct(FALSE_ROLLBACK_LIMIT)} (95 % upper bound) on every background; every seed-sized regression
detected in ≥ ${pct(DETECTION_TARGET)} of releases with a median time within ${ORACLE_FACTOR}× the oracle's.

| target | measured | met |
| --- | --- | --- |
${input.checks.map((c) => `| ${c.target} | ${c.measured} | ${c.met ? 'yes' : 'no'} |`).join('\n')}

## Calibration at the null boundary

Each always-valid test alone (one trigger, alpha ${pct(CALIBRATION_ALPHA)}, so the test runs at the full level),
on releases sitting exactly at its limit, judged every ${opts.tickSec} s to the horizon (canary: ${opts.canaryHorizonSec / 60}
minutes at ${opts.canaryShare * 100} % of ${opts.rate} req/s; blue/green: ${opts.blueGreenHorizonSec / 60} minutes). Every rollback is a false alarm;
the rate must stay ≤ alpha. The interval is Clopper–Pearson, two-sided 95 %; "no (above,
significantly)" means even its lower end is above alpha.

${input.calibration ?? '_Not run (`--no-calibration`)._'}

## What rolled the releases back

${input.causes}

${input.regressionCauses}

## Deciders

- **ripcord judges**: \`createJudge\` with the triggers in \`deciders/ripcord.ts\` (alpha 0.01 split over the
  significance tests; default confirmation: a trigger decided by its running always-valid test acts on
  its first breach, the effect-size triggers — diversity, PSI, null rate — on 3 in a row).
- **fixed thresholds**: Argo/Flagger style — every ${opts.peerIntervalSec} s each metric over the last interval is checked
  against a threshold (\`deciders/fixed-thresholds.ts\`), Argo semantics with failureLimit 2 (rollback on the
  third failed measurement), run through ripcord's own \`assess\` module.
- **Mann-Whitney per interval (Kayenta)**: every ${opts.peerIntervalSec} s, each metric's per-second canary and baseline
  series are classified by Mann-Whitney (98 % interval, tolerance 0.25, effect-size bounds); every metric
  critical; no correction for the repeated looks.

The peers' thresholds sit at the effect sizes of ripcord's triggers (for blue/green conversion at a
2 % drop, where ripcord asks for any significant drop). Checking a noisy per-interval figure every
minute without a correction rolls many healthy canaries back; a single fixed-horizon test at the end
keeps its level; ripcord's judges look every ${opts.tickSec} s and are built to keep theirs. See
\`docs/triggers.md\` for what each judge guarantees.
${input.before ? `\n## Before\n\n${input.before}\n` : ''}`;
}
