import type { TargetCheck } from './report.js';
import type { SimOptions } from './simulate.js';

/** RESULTS.md body: the measured table, the targets, and how it was measured. */
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
}): string {
  const { opts } = input;
  return `# Decision quality benchmark — results

Measured by \`npm run bench:decisions\` (seed ${opts.seed}, ${input.seconds.toFixed(0)} s wall clock on the
project's 2-core machine). ${opts.rate} req/s; canary scenarios give the candidate ${opts.canaryShare * 100} %
beside the baseline for ${opts.canaryHorizonSec / 60} simulated minutes; blue/green scenarios flip all traffic
and judge the new release for ${opts.blueGreenHorizonSec / 60} minutes against the ${opts.blueGreenHorizonSec / 60} minutes before the flip.
${opts.releasesAA} releases per A/A scenario, ${opts.releasesRegression} per regression scenario. Regressions are present
from the first second, except in the rows "after 2 healthy minutes", where the canary behaves as the
baseline for 120 s first; time to detect (TTD) counts from the onset (the start of the step, the flip).
Within a step ripcord's always-valid tests also restart every 5 s (a checkpoint-restart mixture,
\`docs/triggers.md\`), which is what the mid-step rows measure.

${input.table}

\\* Share of releases where one fixed-horizon test at the final sample size (30 min canary, 10 min
blue/green) rejects, at the level of each of ripcord's sequential tests (0.01 / 3): the power no
monitoring scheme beats. On A/A rows it is the family-wise false-positive rate of those tests.

## What the false rollbacks were

${input.causes}

The peers' thresholds sit at the effect sizes of ripcord's triggers (for blue/green conversion at a
2 % drop, where ripcord asks for any significant drop). Most of their false
rollbacks come from the checks whose per-interval noise is close to the threshold: a canary's
minute holds ~3,000 requests, so a 5 % conversion drop is about one standard error, and checking
it every minute (three failures allowed, or one harmful Mann-Whitney look) rolls many healthy
canaries back. A single fixed-horizon test at the end keeps its level (last column); looking every
interval without a correction does not. ripcord's judges look every ${opts.tickSec} s and keep theirs.

## Targets (ripcord's judges)

| target | measured | met |
| --- | --- | --- |
${input.checks.map((c) => `| ${c.target} | ${c.measured} | ${c.met ? 'yes' : 'no'} |`).join('\n')}

## Deciders

- **ripcord judges**: \`createJudge\` with the triggers in \`deciders/ripcord.ts\` (alpha 0.01 split over the
  significance tests; default confirmation: a trigger decided by its running always-valid test acts on
  its first breach, the effect-size triggers — diversity, PSI, null rate — on 3 in a row), evaluated every
  ${opts.tickSec} s.
- **fixed thresholds**: Argo/Flagger style — every ${opts.peerIntervalSec} s each metric over the last interval is checked
  against a threshold (\`deciders/fixed-thresholds.ts\`), Argo semantics with failureLimit 2 (rollback on the
  third failed measurement), run through ripcord's own \`assess\` module.
- **Mann-Whitney per interval (Kayenta)**: every ${opts.peerIntervalSec} s, each metric's per-second canary and baseline
  series are classified by Mann-Whitney (98 % interval, tolerance 0.25, effect-size bounds); every metric
  critical; no correction for the repeated looks.

See \`docs/triggers.md\` for what each judge guarantees.
`;
}
