import { Command } from 'commander';
import type { TriggerReading } from '../../analysis/judge.js';
import type { ApplyOutcome } from '../../manifests/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { rolloutColumns, rolloutNaming } from '../resource-views.js';
import { applyCommand } from './apply.js';
import { rolloutPlanCommand } from './rollout-plan.js';
import { describeDryRun } from '../../actions/dry-run-plan.js';
import { watchRollout } from './rollout-watch.js';
import type { RolloutView } from './rollout-watch.js';
import type { RollbackPreview } from '../../controller/rollout-commands.js';
import { describeRun } from '../../controller/measurements.js';

/** `rollback --dry-run` for a terminal: the target, then one line per step. */
function describePreview(preview: RollbackPreview): string {
  const changing = preview.steps.filter((s) => s.changes).length;
  return [
    `dry run: rolling back ${preview.release} → ${preview.target} would change ${changing} of ${preview.steps.length} systems (nothing was changed)`,
    describeDryRun(preview.steps),
  ].join('\n');
}

const enc = encodeURIComponent;

export function describeRollout(r: RolloutView): string {
  const s = r.status;
  const lines = [
    `rollout ${r.name} (revision ${r.revision})`,
    `  model      ${r.spec.model}: ${r.spec.release} vs ${s.baseline}`,
    `  phase      ${s.phase} — ${s.message}`,
    `  stage      ${s.stage}${r.spec.canary ? ` (step ${Math.min(s.stepIndex + 1, r.spec.canary.steps.length)}/${r.spec.canary.steps.length})` : ''}`,
    `  weight     ${s.weight} %${s.mirrorPercent ? `, mirroring ${s.mirrorPercent} %` : ''}`,
    `  rollback → ${s.rollbackTarget.release ?? 'fallback'} (${s.rollbackTarget.explanation})`,
  ];
  if (s.lastDecision) {
    lines.push(`  decision   ${s.lastDecision.verdict}: ${s.lastDecision.reason}`);
    const { gateways } = s.lastDecision;
    if (gateways !== undefined)
      lines.push(`  gateways   ${gateways} gateway${gateways === 1 ? '' : 's'} in the candidate's telemetry`);
    for (const reading of s.lastDecision.readings) lines.push(formatReading(reading, s.lastDecision.at));
  }
  if (s.measurements) lines.push(`  metrics    ${describeRun(s.measurements)}`);
  if (s.hold) lines.push(`  holding    ${s.hold.reason}`);
  if (s.rollback) {
    lines.push(`  incident   ${s.rollback.eventId} (${s.rollback.trigger}) ${s.rollback.verification ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One reading; `observe:` triggers are marked, they record and never act. */
function formatReading(reading: TriggerReading, at: number): string {
  const tag = reading.severity === 'observe' ? `observe ${reading.status}` : reading.status;
  // A deferred trigger (the controller behind on its ticks) shows its last look's reading.
  const carried =
    reading.carriedFrom === undefined
      ? ''
      : ` (read ${Math.round((at - reading.carriedFrom) / 1000)} s before this look: deferred while the controller is behind)`;
  return `    [${tag}] ${reading.message}${carried}`;
}

export function rolloutCommand(context: CliContext): Command {
  const rollout = new Command('rollout').description('start, watch and steer rollouts');
  const start = applyCommand(context)
    .name('start')
    .description('start rollouts from Rollout manifests (-f FILE)');
  rollout.addCommand(start);
  rollout.addCommand(rolloutPlanCommand(context));
  rollout
    .command('list')
    .description('rollouts, newest first')
    .option('--model <name>', 'only rollouts of this model')
    .option('--phase <phase>', 'only rollouts in this phase (Progressing, Paused, Guarding, RolledBack, ...)')
    .option(
      '--since <when>',
      'only rollouts started since then: a duration back (1h, 7d) or a time (ISO 8601)',
    )
    .addOption(outputOption())
    .action(async (options: { model?: string; phase?: string; since?: string }, command: Command) => {
      const rollouts = await context.client(command).get<RolloutView[]>('/rollouts', {
        model: options.model,
        phase: options.phase,
        since: options.since,
      });
      context.io.stdout(render(rollouts, context.format(command), rolloutColumns, rolloutNaming));
    });
  rollout
    .command('status')
    .description("show a rollout's status")
    .argument('<name>')
    .option(
      '-w, --watch',
      'stream steps, actions, each trigger reading as it changes and a pause countdown until the rollout ends; exits 1 when it ends RolledBack, Aborted or Blocked',
    )
    .option('--timeout <duration>', 'with --watch: stop waiting after this long and exit 124 (e.g. 10m)')
    .addOption(outputOption('with --watch, json prints one object per event'))
    .action(async (name: string, options: { watch?: boolean; timeout?: string }, command: Command) => {
      const client = context.client(command);
      if (options.timeout !== undefined && !options.watch)
        throw new UsageError('--timeout goes with --watch');
      if (options.watch)
        return watchRollout(client, name, context, {
          json: context.format(command) === 'json',
          timeout: options.timeout,
          describe: describeRollout,
        });
      const view = await client.get<RolloutView>(`/rollouts/${enc(name)}`);
      const format = context.format(command);
      context.io.stdout(isHumanFormat(format) ? describeRollout(view) : render(view, format, []));
    });
  const verbs: [string, string][] = [
    ['promote', 'advance past the current pause (--full: straight to 100 %)'],
    ['abort', 'stop and send all traffic back to the baseline'],
    ['retry', 'restart an aborted or blocked rollout from its first step'],
    ['pause', 'hold at the current step'],
    ['resume', 'continue a paused rollout'],
    ['rollback', 'pull the release now (to the decided target, or --to RELEASE)'],
    ['flip', 'blue/green: flip to green, or back to blue once flipped'],
  ];
  for (const [verb, description] of verbs) {
    const sub = rollout
      .command(verb)
      .description(description)
      .argument('<name>')
      .option('--reason <text>', 'why, recorded in the audit trail')
      .option('--revision <n>', 'only if the rollout is still at this revision (412 otherwise)')
      .addOption(outputOption());
    if (verb === 'promote') sub.option('--full', 'skip the remaining steps');
    if (verb === 'rollback')
      sub
        .option('--to <release>', 'roll back to this release instead')
        .option('--dry-run', 'show what each step would change, read from the systems; change nothing');
    sub.action(
      async (
        name: string,
        options: { reason?: string; revision?: string; full?: boolean; to?: string; dryRun?: boolean },
        command: Command,
      ) => {
        if (options.dryRun) {
          const preview = await context
            .client(command)
            .get<RollbackPreview>(`/rollouts/${enc(name)}/rollback-plan`, { to: options.to });
          const format = context.format(command);
          context.io.stdout(isHumanFormat(format) ? describePreview(preview) : render(preview, format, []));
          return;
        }
        if (options.revision !== undefined && !/^\d+$/.test(options.revision)) {
          throw new UsageError('--revision takes the number shown by `ripcord rollout status`');
        }
        const view = await context
          .client(command)
          .send<RolloutView>(
            'POST',
            `/rollouts/${enc(name)}/${verb}`,
            { reason: options.reason, full: options.full, to: options.to },
            options.revision ? { 'if-match': `"${options.revision}"` } : {},
          );
        const format = context.format(command);
        context.io.stdout(isHumanFormat(format) ? describeRollout(view) : render(view, format, []));
      },
    );
  }
  return rollout;
}

export type { ApplyOutcome };
