/**
 * `ripcord alerts export [ROLLOUT | -f FILE]`: a Prometheus rules file whose alerts are the
 * rollouts' hard and soft triggers (src/alerts/). From the server (one rollout, or every rollout
 * still watched) the baseline is the one the rollout compares with; from manifests it is
 * `--baseline`, or every other release of the model.
 */
import { writeFileSync } from 'node:fs';

import { Command, InvalidArgumentError } from 'commander';

import { alertRules, renderRules, rolloutTriggers } from '../../alerts/alert-rules.js';
import type { RolloutTriggers } from '../../alerts/alert-rules.js';
import { RolloutSpecSchema } from '../../controller/rollout-spec.js';
import { parseDuration } from '../../core/duration.js';
import { formatIssue, parseManifestFile } from '../../manifests/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { cliManifestKinds } from '../manifest-kinds.js';
import { ManifestInvalidError, readManifestFiles } from './apply.js';

interface StoredRollout {
  name: string;
  spec: {
    name: string;
    model: string;
    release: string;
    analysis: { triggers: string[] };
    guard?: { triggers?: string[] };
  };
  status: { phase: string; baseline?: string; settled?: boolean };
}

const ENDED = new Set(['Completed', 'Aborted', 'Blocked']);

export function alertsCommand(context: CliContext): Command {
  const alerts = new Command('alerts').description('Prometheus alerting rules that mirror rollout triggers');
  alerts
    .command('export')
    .description(
      'write a Prometheus rules file with one alert per hard and soft trigger (same threshold, same window)',
    )
    .argument('[rollout]', 'one rollout on the server (default: every rollout that has not ended)')
    .option('-f, --filename <paths...>', 'read Rollout manifests instead of the server ("-" for stdin)')
    .option(
      '--baseline <release>',
      'with -f: the release compared against (default: every other release of the model)',
    )
    .option(
      '--lookback <duration>',
      'range for triggers with neither "over" nor "for" (the judge reads the whole step)',
      (text: string) => {
        try {
          return parseDuration('--lookback', text);
        } catch {
          throw new InvalidArgumentError('give a duration such as 5m or 90s');
        }
      },
      300_000,
    )
    .option('--out <file>', 'write the rules file here instead of stdout')
    .action(
      async (
        name: string | undefined,
        options: { filename?: string[]; baseline?: string; lookback: number; out?: string },
        command: Command,
      ) => {
        if (name !== undefined && options.filename)
          throw new UsageError('give a rollout name or -f FILE, not both');
        if (options.baseline !== undefined && !options.filename)
          throw new UsageError('--baseline applies to -f manifests; a stored rollout knows its baseline');
        const rollouts = options.filename
          ? fromManifests(options.filename, options.baseline)
          : await fromServer(context, command, name);
        if (rollouts.length === 0) throw new UsageError('no rollouts to export');
        const result = alertRules(rollouts, { lookbackMs: options.lookback });
        for (const s of result.skipped)
          context.io.stderr(`not exported: ${s.rollout}: "${s.trigger}": ${s.reason}\n`);
        const text = renderRules(result);
        if (options.out) {
          writeFileSync(options.out, text);
          const count = result.rules.groups.reduce((n, g) => n + g.rules.length, 0);
          context.io.stdout(`${count} alert rule${count === 1 ? '' : 's'} written to ${options.out}\n`);
        } else context.io.stdout(text);
      },
    );
  return alerts;
}

function fromManifests(paths: string[], baseline: string | undefined): RolloutTriggers[] {
  const out: RolloutTriggers[] = [];
  const issues: string[] = [];
  for (const { file, text } of readManifestFiles(paths)) {
    const parsed = parseManifestFile(file, text, cliManifestKinds);
    issues.push(...parsed.issues.map(formatIssue));
    for (const doc of parsed.documents) {
      const d = doc as { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> };
      if (d.kind !== 'Rollout') continue;
      const spec = RolloutSpecSchema.parse({ ...d.spec, name: d.metadata?.name });
      out.push(rolloutTriggers(spec, baseline));
    }
  }
  if (issues.length > 0) throw new ManifestInvalidError(`${issues.length} problem(s):\n${issues.join('\n')}`);
  return out;
}

async function fromServer(context: CliContext, command: Command, name: string | undefined) {
  const client = context.client(command);
  const views =
    name === undefined
      ? (await client.get<StoredRollout[]>('/rollouts')).filter((r) => !ENDED.has(r.status.phase))
      : [await client.get<StoredRollout>(`/rollouts/${encodeURIComponent(name)}`)];
  return views.map((v) => rolloutTriggers(v.spec, v.status.baseline));
}
