/**
 * An Argo Rollouts `Rollout` (argoproj.io/v1alpha1, canary strategy) and the AnalysisTemplates it
 * names, as a ripcord Rollout: `setWeight` and `pause` steps carry over as they are; an `analysis`
 * step becomes an analysis step of the same span; the Prometheus success-rate, error-rate and
 * latency metrics of the templates (background or step analysis) become triggers. Everything else
 * is listed as not converted, with the reason.
 */
import { measurementOfQuery, parseCondition, triggerFor } from './metric-triggers.js';
import type { Conversion, ImportOptions } from './conversion.js';
import { finishConversion, releaseFromImage } from './conversion.js';

interface ArgoMetric {
  name?: string;
  interval?: string | number;
  count?: number | string;
  failureLimit?: number | string;
  successCondition?: string;
  failureCondition?: string;
  provider?: Record<string, { query?: string } | undefined>;
}

export interface ArgoAnalysisTemplate {
  kind?: string;
  metadata?: { name?: string };
  spec?: { metrics?: ArgoMetric[] };
}

interface TemplateRef {
  templateName?: string;
  clusterScope?: boolean;
}

interface ArgoStep {
  setWeight?: number;
  pause?: { duration?: string | number };
  analysis?: { templates?: TemplateRef[] };
  [other: string]: unknown;
}

export interface ArgoRollout {
  kind: 'Rollout';
  metadata?: { name?: string };
  spec?: {
    template?: { spec?: { containers?: { image?: string }[] } };
    strategy?: {
      canary?: {
        steps?: ArgoStep[];
        analysis?: { templates?: TemplateRef[]; startingStep?: number };
        trafficRouting?: Record<string, unknown>;
        [field: string]: unknown;
      };
      blueGreen?: unknown;
    };
  };
}

/** Fields of the canary strategy that only shape pods or routing in the cluster, not the judgement. */
const CLUSTER_ONLY = new Set([
  'maxSurge',
  'maxUnavailable',
  'canaryService',
  'stableService',
  'antiAffinity',
]);

/** Argo's duration: seconds as a number or bare digits, else with an s, m or h suffix. */
export function argoDuration(value: string | number): string | undefined {
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return `${text}s`;
  return /^(\d+[smh])+$/.test(text) ? text : undefined;
}

export function convertArgoRollout(
  rollout: ArgoRollout,
  templates: readonly ArgoAnalysisTemplate[],
  options: ImportOptions = {},
): Conversion {
  const name = rollout.metadata?.name ?? 'imported';
  const notConverted: string[] = [];
  const canary = rollout.spec?.strategy?.canary;
  if (!canary) {
    notConverted.push(
      rollout.spec?.strategy?.blueGreen
        ? 'spec.strategy.blueGreen: only the canary strategy is converted; write spec.blueGreen by hand'
        : 'spec.strategy: no canary strategy',
    );
  }
  for (const field of Object.keys(canary ?? {}))
    if (CLUSTER_ONLY.has(field))
      notConverted.push(
        `spec.strategy.canary.${field}: shapes pods in the cluster; ripcord leaves it to Argo`,
      );
  if (canary?.trafficRouting)
    notConverted.push(
      'spec.strategy.canary.trafficRouting: give ripcord the route in `ripcord up --traffic-routes` (istio, gatewayApi or argoRollouts)',
    );

  const triggers: string[] = [];
  const byName = new Map(templates.map((t) => [t.metadata?.name ?? '', t]));
  const spans: string[] = [];
  /** The triggers of the templates a step or the background analysis names, once each. */
  const judged = new Set<string>();
  let failureLimit: number | undefined;
  const useTemplates = (refs: readonly TemplateRef[] | undefined, where: string): ArgoMetric[] => {
    const metrics: ArgoMetric[] = [];
    for (const ref of refs ?? []) {
      const template = byName.get(ref.templateName ?? '');
      if (!template) {
        notConverted.push(
          `${where}: AnalysisTemplate "${ref.templateName ?? ''}" is not in the file; add it (---) to convert its metrics`,
        );
        continue;
      }
      for (const [i, metric] of (template.spec?.metrics ?? []).entries()) {
        metrics.push(metric);
        const key = `${ref.templateName}/${i}`;
        if (judged.has(key)) continue;
        judged.add(key);
        // Argo fails a metric once more than failureLimit measurements failed.
        if (metric.failureLimit !== undefined)
          failureLimit = Math.max(failureLimit ?? 0, Number(metric.failureLimit));
        const trigger = metricTrigger(metric);
        if (typeof trigger === 'string') triggers.push(trigger);
        else
          notConverted.push(
            `AnalysisTemplate ${ref.templateName} metric ${metric.name ?? i}: ${trigger.problem}`,
          );
      }
    }
    return metrics;
  };

  useTemplates(canary?.analysis?.templates, 'spec.strategy.canary.analysis');
  if (canary?.analysis?.startingStep !== undefined)
    notConverted.push(
      `spec.strategy.canary.analysis.startingStep: ripcord judges from the first step, not from step ${canary.analysis.startingStep}`,
    );

  const steps: Record<string, unknown>[] = [];
  for (const [i, step] of (canary?.steps ?? []).entries()) {
    const where = `spec.strategy.canary.steps[${i}]`;
    if (step.setWeight !== undefined) steps.push({ setWeight: step.setWeight });
    else if (step.pause !== undefined) {
      if (step.pause.duration === undefined) steps.push({ pause: {} });
      else {
        const duration = argoDuration(step.pause.duration);
        if (duration) steps.push({ pause: { duration } });
        else notConverted.push(`${where}.pause.duration: "${step.pause.duration}" is not a duration`);
      }
    } else if (step.analysis !== undefined) {
      const metrics = useTemplates(step.analysis.templates, `${where}.analysis`);
      const span = analysisSpan(metrics);
      steps.push({ analysis: { duration: span.duration } });
      if (span.note) spans.push(`${where}.analysis: ${span.note}`);
    } else
      notConverted.push(
        `${where}: ${Object.keys(step).join(', ')} has no ripcord step (setWeight, pause and analysis are converted)`,
      );
  }

  return finishConversion({
    name,
    model: options.model ?? name,
    release:
      options.release ??
      releaseFromImage(options.model ?? name, rollout.spec?.template?.spec?.containers?.[0]?.image),
    releaseGiven: options.release !== undefined,
    steps,
    triggers,
    consecutiveBreaches: failureLimit === undefined ? undefined : failureLimit + 1,
    notConverted: [...notConverted, ...spans],
  });
}

/** A metric's trigger: the Prometheus query read for what it measures, the condition for the limit. */
function metricTrigger(metric: ArgoMetric): string | { problem: string } {
  const providers = Object.keys(metric.provider ?? {});
  const query = metric.provider?.['prometheus']?.query;
  if (query === undefined)
    return {
      problem: `the ${providers.join(', ') || 'missing'} provider is not converted (only prometheus)`,
    };
  const measurement = measurementOfQuery(query);
  if (typeof measurement === 'string') return { problem: measurement };
  const failure = metric.failureCondition === undefined ? undefined : parseCondition(metric.failureCondition);
  if (failure)
    return triggerFor(measurement, {
      above: failure.op.startsWith('>'),
      limit: failure.value,
      inclusive: failure.op.endsWith('='),
    });
  const success = metric.successCondition === undefined ? undefined : parseCondition(metric.successCondition);
  if (success)
    // Failing is the other side of the success condition: `result >= 0.95` fails below 0.95.
    return triggerFor(measurement, {
      above: success.op.startsWith('<'),
      limit: success.value,
      inclusive: !success.op.endsWith('='),
    });
  return {
    problem: `the condition "${metric.failureCondition ?? metric.successCondition ?? '(none)'}" is not a single comparison of result with a number`,
  };
}

/** An analysis step's span: its metrics' interval × count, else one interval; a single measurement gets 1m. */
function analysisSpan(metrics: readonly ArgoMetric[]): { duration: string; note?: string } {
  let longest = 0;
  for (const m of metrics) {
    const interval = m.interval === undefined ? undefined : argoDuration(m.interval);
    if (!interval) continue;
    const seconds = toSeconds(interval) * Math.max(1, Number(m.count ?? 1));
    longest = Math.max(longest, seconds);
  }
  if (longest > 0) return { duration: `${longest}s` };
  return {
    duration: '1m',
    note: 'Argo takes a single measurement here; ripcord judges the step for 1m (set analysis.duration to the span you want)',
  };
}

function toSeconds(duration: string): number {
  let seconds = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)([smh])/g))
    seconds += Number(n) * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
  return seconds;
}
