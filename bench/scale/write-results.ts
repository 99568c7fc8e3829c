/** RESULTS.md body for the scale bench: the table, where the time goes, and the setup costs. */
import os from 'node:os';
import type { ScaleResult } from './scale-worker.js';

const md = (header: string[], rows: string[][]): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export function writeResults(input: {
  header: string[];
  rows: string[][];
  results: { config: { label: string }; result: ScaleResult }[];
  seconds: number;
  pinned: boolean;
  load: number;
}): string {
  const profiled = input.results.find((r) => r.result.profile);
  const profile = profiled?.result.profile;
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const setup = md(
    [
      'configuration',
      'rollouts',
      'register models s',
      'start rollouts s',
      'backfill telemetry s',
      'writes/s by table',
    ],
    input.results.map(({ config, result: r }) => [
      config.label,
      String(r.rollouts),
      r.setup.seedSec.toFixed(1),
      r.setup.startSec.toFixed(1),
      r.setup.backfillSec.toFixed(1),
      Object.entries(r.perSecond.writesByTable)
        .map(([table, n]) => `${table} ${n.toFixed(1)}`)
        .join(', ') || '–',
    ]),
  );
  return `# Control-plane scale benchmark — results

Measured by \`npm run bench:scale\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} cores,
${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${input.seconds.toFixed(0)} s wall clock; 1-minute load
average ${input.load.toFixed(1)} at the end — the machine is shared). Each configuration runs in its own
process${input.pinned ? ' pinned to one core (`taskset -c 0`)' : ''}: models, releases and one canary rollout per model
in the store, every rollout at 5 % and that many seconds into its step, gateway telemetry for every
model fed each second (475 req/s on the baseline, 25 on the canary: one-second buckets imported as
a control plane merges what its gateways export), and \`controller.tick()\` run on the wall clock
every second as the controller's loop runs it (the next tick starts 1 s after the previous one
started, or at once when it ran late). Triggers: the recovery bench's three (error rate, p95,
prediction diversity), each rollout judged on every tick.

${md(input.header, input.rows)}

CPU is CPU seconds per wall second (\`process.cpuUsage\`): **ticks** counts only the time inside
\`controller.tick()\`, **telemetry import** the per-second bucket import, **process** everything (GC
included). Store traffic counts the queries the controller and registry sent (a Kysely plugin).

${
  profile
    ? `## Where a tick's time goes (${profiled.config.label}, ${profiled.result.rollouts} rollouts, CPU profile, self time)

${md(
  ['source file', 'share'],
  profile.files.slice(0, 8).map((f) => [`\`${f.name}\``, pct(f.share)]),
)}

${md(
  ['function', 'share'],
  profile.functions.slice(0, 10).map((f) => [`\`${f.name}\``, pct(f.share)]),
)}
`
    : ''
}
## Setup

${setup}
`;
}
