import { Command } from 'commander';
import { formatDuration, parseDuration } from '../../core/duration.js';
import { planDetection } from '../../controller/plan/detection-plan.js';
import type { ModelTraffic, PlanRow, Regressions } from '../../controller/plan/detection-plan.js';
import type { ObservedTraffic } from '../../controller/plan/model-traffic.js';
import type { RolloutSpec } from '../../controller/rollout-spec.js';
import { formatIssue, parseManifestFile } from '../../manifests/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { cliManifestKinds } from '../manifest-kinds.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { ManifestInvalidError, readManifestFiles } from './apply.js';

interface PlanOptions {
  filename: string;
  rate?: string;
  over: string;
  latencyUp: string;
  errorFrom: string;
  errorFactor: string;
  kpiDown: string;
  kpiMean: string;
  kpiPerRequest: string;
}

/** Latency shape when the model's telemetry has none: median 100 ms, p95 1.78 × the median. */
const DEFAULT_LATENCY = { latencyMedianMs: 100, latencySigma: 0.35 };

/**
 * `ripcord rollout plan -f rollout.yaml`: per step and trigger, how long the judges take to see
 * stated regressions at the model's traffic, with a warning for each step too short or too small.
 */
export function rolloutPlanCommand(context: CliContext): Command {
  return new Command('plan')
    .description(
      'how long each trigger takes to detect stated regressions at each step, at the model’s traffic',
    )
    .requiredOption('-f, --filename <path>', 'a Rollout manifest')
    .option(
      '--rate <req/s>',
      "the model's total requests per second (default: its recent telemetry, from --server)",
    )
    .option('--over <duration>', 'span of recent telemetry the rate is read from', '15m')
    .option('--latency-up <percent>', 'latency regression: every request slower by this much', '40')
    .option('--error-from <percent>', 'baseline error rate', '0.3')
    .option('--error-factor <x>', 'the candidate fails this many times as often', '5')
    .option('--kpi-down <percent>', 'KPI regression: every KPI lower by this much', '3')
    .option('--kpi-mean <value>', 'KPI mean when telemetry has none (conversion 0.1 = 10 %)', '0.1')
    .option('--kpi-per-request <n>', 'KPI events fed back per request when telemetry has none', '1')
    .addOption(outputOption())
    .action(async (options: PlanOptions, command: Command) => {
      const spec = readRollout(options.filename);
      const regressions: Regressions = {
        latencyUp: percentOption('--latency-up', options.latencyUp),
        errorFrom: percentOption('--error-from', options.errorFrom),
        errorFactor: positive('--error-factor', options.errorFactor),
        kpiDown: percentOption('--kpi-down', options.kpiDown),
      };
      if (regressions.kpiDown >= 1) throw new UsageError('--kpi-down must be under 100 (%)');
      const defaultKpi = {
        perRequest: positive('--kpi-per-request', options.kpiPerRequest),
        mean: positive('--kpi-mean', options.kpiMean),
      };
      let traffic: ModelTraffic;
      let source: string;
      if (options.rate !== undefined) {
        traffic = {
          requestsPerSecond: positive('--rate', options.rate),
          ...DEFAULT_LATENCY,
          kpis: {},
          defaultKpi,
        };
        source = `--rate ${options.rate}`;
      } else {
        const over = durationOption('--over', options.over);
        const observed = await context
          .client(command)
          .get<ObservedTraffic>(`/models/${encodeURIComponent(spec.model)}/telemetry`, {
            over: options.over,
          });
        if (!(observed.requestsPerSecond > 0))
          throw new UsageError(
            `${spec.model} had no traffic in the last ${formatDuration(over)}; state it with --rate REQ_PER_S`,
          );
        traffic = fromTelemetry(observed, defaultKpi);
        source = `${spec.model}'s last ${formatDuration(over)} of telemetry`;
      }
      const rows = planDetection(spec, traffic, regressions);
      if (rows.length === 0)
        return context.io.stdout(
          `${spec.name} shows its triggers no user traffic (a shadow is decided on output agreement): nothing to plan\n`,
        );
      const format = context.format(command);
      if (!isHumanFormat(format)) return context.io.stdout(render(rows, format, []));
      context.io.stdout(
        `detection plan for ${spec.name}: ${traffic.requestsPerSecond.toFixed(1)} req/s (${source}); ` +
          'median time to a breach with the regression present from the step start\n',
      );
      context.io.stdout(render(rows, 'table', COLUMNS));
      const warnings = rows.filter((r) => r.warning).map((r) => `warning: ${r.warning}\n`);
      context.io.stdout(
        warnings.length > 0 ? `\n${warnings.join('')}` : '\nevery step is long and large enough\n',
      );
    });
}

const COLUMNS: { header: string; value: (r: PlanRow) => string }[] = [
  { header: 'STEP', value: (r) => r.step },
  { header: 'CANDIDATE REQ/S', value: (r) => r.candidateRequestsPerSecond.toFixed(1) },
  { header: 'TRIGGER', value: (r) => r.trigger },
  { header: 'REGRESSION', value: (r) => r.regression || '-' },
  {
    header: 'DETECTS IN',
    value: (r) =>
      !r.regression ? '-' : r.detectMs === undefined ? 'never' : `~${formatDuration(r.detectMs)}`,
  },
  {
    header: 'STEP LASTS',
    value: (r) => (r.stepMs === undefined ? 'until promoted' : formatDuration(r.stepMs)),
  },
  { header: 'NOTE', value: (r) => (r.warning ? `⚠ ${r.note || 'see the warning below'}` : r.note) },
];

function readRollout(path: string): RolloutSpec {
  const [file] = readManifestFiles([path]);
  if (!file) throw new ManifestInvalidError(`no manifest in ${path}`);
  const parsed = parseManifestFile(file.file, file.text, cliManifestKinds);
  if (parsed.issues.length > 0)
    throw new ManifestInvalidError(`invalid manifest:\n${parsed.issues.map(formatIssue).join('\n')}`);
  const rollouts = parsed.documents.filter((d) => (d as { kind?: unknown }).kind === 'Rollout');
  if (rollouts.length !== 1)
    throw new UsageError(`${path} holds ${rollouts.length} Rollout manifests; plan one at a time`);
  const rollout = rollouts[0] as { metadata: { name: string }; spec: Record<string, unknown> };
  const kind = cliManifestKinds.find((k) => k.kind === 'Rollout')!;
  return kind.schema.parse(kind.toInput({ apiVersion: '', kind: 'Rollout', ...rollout })) as RolloutSpec;
}

function fromTelemetry(observed: ObservedTraffic, defaultKpi: ModelTraffic['defaultKpi']): ModelTraffic {
  const p50 = observed.latencyP50Ms;
  const p95 = observed.latencyP95Ms;
  const shaped =
    p50 !== null && p95 !== null && p50 > 0 && p95 > p50
      ? { latencyMedianMs: p50, latencySigma: Math.log(p95 / p50) / 1.6449 }
      : DEFAULT_LATENCY;
  return { requestsPerSecond: observed.requestsPerSecond, ...shaped, kpis: observed.kpis, defaultKpi };
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw new UsageError(`${flag} takes a positive number, got "${text}"`);
  return value;
}

function percentOption(flag: string, text: string): number {
  return positive(flag, text) / 100;
}

function durationOption(flag: string, text: string): number {
  try {
    return parseDuration(flag, text);
  } catch {
    throw new UsageError(`${flag} takes a duration such as 15m or 1h, got "${text}"`);
  }
}
