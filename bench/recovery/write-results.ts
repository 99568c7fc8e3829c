/** RESULTS.md body: the measured tables and how they were measured. */
import os from 'node:os';
import { TRIGGERS } from './scenarios.js';

export function writeResults(input: {
  settings: {
    runs: number;
    rate: number;
    warmupSec: number;
    baselineSec: number;
    intervalSec: number;
    failureLimit: number;
    phases: number;
  };
  phases: string;
  comparison: string;
  details: string[];
  problems: string[];
  seconds: number;
  load: [number, number];
}): string {
  const { settings: s } = input;
  return `# Time-to-recover benchmark — results

Measured by \`npm run bench:recovery\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores,
${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${input.seconds.toFixed(0)} s wall clock; 1-minute
load average ${input.load[0].toFixed(1)} at the start, ${input.load[1].toFixed(1)} at the end — the machine is shared).

Wall clock throughout: the control plane as \`ripcord up\` runs it (API, in-process gateway,
controller with its default 1 s tick, SQLite), two demo model servers over real HTTP in a child
process (0.3 % background errors, lognormal latency around 20 ms), and an open-loop load
generator in another child sending ${s.rate} req/s with sticky users. Each run starts a fresh
control plane: ${s.baselineSec} s of v1 only, then the rollout (a 5 % canary, or for the guard case a
promotion to 100 %), ${s.warmupSec} s of healthy traffic on that stage, then the fault at v2's model server.
${s.runs} runs per fault. Triggers: ${TRIGGERS.map((t) => `\`${t}\``).join(', ')} — no \`for\`/\`over\` windows, default
consecutive-breach rule (3) and alpha (0.01); the guard watches the same triggers.

## ripcord: seconds, median / p90

${input.phases}

- **detection**: fault onset (the model server's own timestamp) → the first tick whose reading of
  the deciding trigger was in (pending) breach (incident \`firstBreachAt\`).
- **decision**: → the rollback decision (\`decidedAt\`; the consecutive-breach rule makes it two
  more ticks).
- **execution: traffic**: → the traffic action finished, i.e. the in-process gateway holds the
  routing table with 100 % on the target (\`trafficRestoredAt\`). **execution: plan**: → every
  action done (traffic, production alias, release mark, encoder flag).
- **onset → last request on bad release**: the send time of the last request the load generator
  saw answered by v2 (\`x-ripcord-release\`), measured at the client.

## Beside the peers

${input.comparison}

Argo/Flagger-style: the same faults on the same stack, every ${s.intervalSec} s each metric over the
last interval against a fixed threshold (error rate ≤ 1 %, p95 ≤ 1.2 × baseline's, diversity ≥ 0.8 ×
baseline's; \`fixed-threshold-decider.ts\`), failureLimit ${s.failureLimit} (the analysis fails on the third
failed measurement), evaluated with ripcord's own Argo semantics (\`src/analysis/assess\`). Where
the fault lands within the interval matters, so each fault is judged by ${s.phases} deciders whose first
look after the onset is spread evenly over one interval; all faults run at once (one model each,
${s.rate} req/s each). Its total is decision + the measured routing change back to v1 (Argo's abort).
For the guard case Argo has no post-promotion analysis of a canary; the row assumes a background
analysis kept running, comparing with v1's traffic before the promotion — without it, the
collapse is never caught. 90 s and 14 minutes are the figures quoted in issue 5 for automated
rollback controllers and for a person with a runbook.

${input.details.map((d) => `- ${d}`).join('\n')}
${input.problems.length ? `\nRuns without a timing:\n\n${input.problems.map((p) => `- ${p}`).join('\n')}\n` : ''}`;
}
