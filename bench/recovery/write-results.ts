/** RESULTS.md body: the measured tables and how they were measured. */
import os from 'node:os';
import { TRIGGERS } from './scenarios.js';

export function writeResults(input: {
  settings: {
    runs: number;
    rate: number;
    warmupSec: number;
    baselineSec: number;
    warmProcessSec: number;
    timeoutSec: number;
    intervalSec: number;
    failureLimit: number;
    phases: number;
  };
  phases: string;
  comparison: string;
  details: string[];
  problems: string[];
  /** One line per run, in the order run: its time and what the judge saw before and after the onset. */
  runLog: string[];
  seconds: number;
  load: [number, number];
}): string {
  const { settings: s } = input;
  return `# Time-to-recover benchmark — results

Measured by \`npm run bench:recovery\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores,
${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${input.seconds.toFixed(0)} s wall clock; 1-minute
load average ${input.load[0].toFixed(1)} at the start, ${input.load[1].toFixed(1)} at the end — the machine is shared).

Wall clock throughout: one control plane as \`ripcord up\` runs it (API, in-process gateway,
controller with its default 1 s tick, SQLite), warmed for ${s.warmProcessSec} s as a long-running one
would be; two demo model servers per fault over real HTTP in a child process (0.3 % background
errors, lognormal latency around 20 ms); an open-loop load generator in another child sending
${s.rate} req/s with sticky users. Each run registers a fresh model on that plane (same servers):
v1 only for 3 s (${s.baselineSec} s before a promotion: the guard's baseline), then the rollout (a 5 % canary; a 25 % step,
the third of the documented 1 → 5 → 25 → 50 → 100 % ramp, for the second p95 row; or for the guard case a promotion
straight to 100 %), ${s.warmupSec} s of healthy traffic on that stage, then the fault at v2's model
server. ${s.runs} runs per fault. Triggers: ${TRIGGERS.map((t) => `\`${t}\``).join(', ')} — no
\`for\`/\`over\` windows, default confirmation (the error-rate and p95 triggers, decided by their running
always-valid tests, act on their first breach; the diversity trigger, an effect size, on 3 in a row) and
alpha (0.01); the guard watches the
same triggers. A run gives up ${s.timeoutSec} s after the fault.

## ripcord: seconds, median / p90

${input.phases}

- **detection**: fault onset (the model server's own timestamp) → the first tick whose reading of
  the deciding trigger was in (pending) breach (incident \`firstBreachAt\`).
- **decision**: → the rollback decision (\`decidedAt\`): the same tick for the error-rate and p95
  triggers, two more ticks for diversity (3 breaches in a row).
- **execution: traffic**: → the traffic action finished, i.e. the in-process gateway holds the
  routing table with 100 % on the target (\`trafficRestoredAt\`). **execution: plan**: → every
  action done (traffic, production alias, release mark, encoder flag).
- Runs still unrecovered when the bench gave up (${s.timeoutSec} s after the fault) count as longer
  than that (\`> ${s.timeoutSec}\`) in the onset-based columns; runs pulled by another trigger than the
  fault's are listed below and left out.
- **onset → last request on bad release**: the send time of the last request the load generator
  saw answered by v2 (\`x-ripcord-release\`), measured at the client.

Reading the rows: at a 5 % canary of ${s.rate} req/s the candidate answers ${(s.rate * 0.05).toFixed(0)} req/s, so a 5 % error rate is
about ${(s.rate * 0.05 * 0.05).toFixed(2)} errors a second. The error-rate and p95 triggers are decided by always-valid tests
(alpha 0.01 split over the two) that run from the start of the step **and restart every 5 s**: a
checkpoint-restart mixture with half the weight on the step-start test and (1/2)/(k(k + 1)) on the
test restarted k·5 s into the step (\`docs/triggers.md\`; the weights sum to 1, so the false-alarm
guarantee is unchanged — bench/decisions' A/A rows). The fault lands ${s.warmupSec} s into the step, on
checkpoint 2 (weight 1/12), whose test reads only faulty traffic, while the step-start test is
diluted by the healthy seconds. Simulated with the same rates and a look every second, the
step-start test alone finds the error fault a median 8 s after the onset (p90 13 s) here, the
mixture 6 s; this onset is the mixture's best case, as between checkpoints the restarted test also
reads up to 5 healthy seconds (simulated medians: 7 s against 9 s after 13 healthy seconds, 9 s
against 16 s after 67, 13 s against 37 s after 307). The rollback is decided on that tick, and
execution takes tens of milliseconds. The p95 trigger's exceedance test counts the candidate's
requests above 1.2 × the baseline's p95: ×1.4 on the model's lognormal latency (sigma 0.35) moves
that share from 5 % to about 11 %, a small signal at 25 req/s — even a test told the shifted share
in advance, on a step holding only faulty traffic, would need ~7 s on average (ln 200 over 0.032
nats of evidence per request); the restarted test also pays its weight (ln 12 ≈ 2.5 nats, ~3 s of
such evidence) and the mixture over the shift's size, so the p95 fault at this canary's traffic
stays above 10 s (simulated median 8 s after the checkpoint, 9 s to the first look past it, before
host noise: the gateway times requests on its own event loop, and CPU contention lifts both
releases' latencies and the baseline's p95 alike). The same fault on a 25 % step, where the
candidate answers ${(s.rate * 0.25).toFixed(0)} req/s, brings five times the evidence a second (~4 nats): the test told the
shift in advance needs ~1.3 s, the restarted test's weight ~0.6 s more, and the row measures
2.42 s median (p90 3.38 s): at this traffic the latency trigger meets ≤ 10 s, and the 5 % canary's
11.4 s are the price of its 25 req/s, not of the judge.

Earlier measurements had the error-fault runs about 1 s slower each run on the same plane (7.9,
9.4, 10.4, 11.4, 12.4 s). The runs now read back what the judge saw (below): the candidate's traffic
and errors before the onset are steady from run to run, nothing on the plane grows with the runs
that the judge reads (each run has a model, telemetry windows and a judge of its own), and the
times are 4.88, 7.40, 14.35, 3.36, 8.42 s — no trend (run 3 saw 10 candidate errors in the 14.3 s after
the onset, about 0.7 a second where 5 % of ~24 req/s is 1.2: the fault's own randomness). With the step-start test alone a run's time
depended on the healthy seconds' errors (a median 8 s, p90 13 s simulated, spread over whole
ticks because the onset keeps the same phase against the 1 s tick): five rising values from that
spread are a 1-in-120 ordering, which is what that series was: rerun with the step-start test
alone (the judges before this change, errors only, 5 runs on one plane, read back the same way)
the times were 8.9, 6.4, 12.4, 7.4, 9.4 s (median 8.9 s), no trend either. What varies from run to run is the healthy seconds' data (9–18 baseline
and 0–2 candidate errors in 10 s) and the fault's own randomness, not the plane.

## Beside the peers

${input.comparison}

Argo/Flagger-style: the same faults on the same stack and the same gateway telemetry, judged every
${s.intervalSec} s on the last interval against a fixed threshold (\`fixed-threshold-decider.ts\`), with
failureLimit ${s.failureLimit} (the analysis fails on the third failed measurement) under ripcord's own
Argo semantics (\`bench/argo-analysis\`). Each fault is judged by its own metric only — error rate
≤ 1 %, p95 ≤ 1.2 × the baseline's, diversity ≥ 0.8 × the baseline's — so no other metric can fail
the analysis first (how often fixed thresholds fail healthy releases is bench/decisions' subject).
Where the fault lands within
the interval matters, so each fault is judged by ${s.phases} deciders whose first look after the onset is
spread evenly over one interval; all faults run at once (one model each, ${s.rate} req/s each), the
canary faults after a full healthy interval. The peer's total is its decision plus the measured
routing change back to v1 (Argo's abort). For the guard case Argo has no post-promotion analysis
of a canary; the row assumes a background analysis kept running, comparing with v1's traffic over the
half interval before the promotion — without it the collapse is never caught. That span is read once,
when the analysis starts, as a query of a fixed past range returns the same every time. The previous
run read it again at every look: a minute later the telemetry had sealed it into a minute whose start
lies before it, it read empty, and the measurement came out Inconclusive, which outranks Failed for
good with inconclusiveLimit 0, so all 6 deciders never failed. The fixed threshold reads a whole interval, so the
25 % step changes nothing for it (175.0 s median on both p95 rows) while ripcord's median goes from
11.4 s to 2.42 s. 90 s and 14 minutes are the figures quoted
in issue 5 for automated rollback controllers and for a person with a runbook.

${input.details.map((d) => `- ${d}`).join('\n')}

## Run by run

In the order run (the faults take turns on one plane). "Seen by the judge": requests per second
and errors per release over the healthy seconds of the step before the onset, and from the onset to
the first breach, read back from the plane's telemetry (the last, partly filled second makes the
rates after the onset read ~10 % low for both releases).

${input.runLog.map((l) => `- ${l}`).join('\n')}
${input.problems.length ? `\nRuns without a timing:\n\n${input.problems.map((p) => `- ${p}`).join('\n')}\n` : ''}`;
}
