/**
 * A Flagger `Canary` (flagger.app/v1beta1) as a ripcord Rollout: the weight ramp
 * (stepWeight up to maxWeight, or stepWeights) with one analysis interval between steps, and
 * Flagger's built-in metrics (request-success-rate, request-duration) as triggers over their
 * interval. Flagger's `threshold` (failed checks before rollback) becomes the consecutive
 * breaches a trigger needs. Webhooks, mirroring, custom metric templates and the service mesh
 * settings are listed as not converted, with the reason.
 */
import type { Conversion, ImportOptions } from './conversion.js';
import { finishConversion } from './conversion.js';
import { argoDuration } from './argo-rollout.js';
import { triggerFor } from './metric-triggers.js';

interface FlaggerMetric {
  name?: string;
  templateRef?: unknown;
  thresholdRange?: { min?: number; max?: number };
  interval?: string;
}

export interface FlaggerCanary {
  kind: 'Canary';
  metadata?: { name?: string };
  spec?: {
    targetRef?: { name?: string; kind?: string };
    service?: unknown;
    analysis?: {
      interval?: string;
      threshold?: number;
      maxWeight?: number;
      stepWeight?: number;
      stepWeights?: number[];
      iterations?: number;
      mirror?: boolean;
      metrics?: FlaggerMetric[];
      webhooks?: { name?: string; type?: string }[];
      match?: unknown;
    };
  };
}

export function convertFlaggerCanary(canary: FlaggerCanary, options: ImportOptions = {}): Conversion {
  const name = canary.metadata?.name ?? 'imported';
  const analysis = canary.spec?.analysis ?? {};
  const notConverted: string[] = [];
  const interval = argoDuration(analysis.interval ?? '60s') ?? '1m';

  const weights = analysis.stepWeights ?? rampOf(analysis.stepWeight, analysis.maxWeight);
  const steps: Record<string, unknown>[] = [];
  for (const weight of weights) steps.push({ setWeight: weight }, { pause: { duration: interval } });
  if (analysis.iterations !== undefined || analysis.mirror)
    notConverted.push(
      `spec.analysis.${analysis.mirror ? 'mirror' : 'iterations'}: a fixed number of iterations${analysis.mirror ? ' on mirrored traffic' : ''} is not a weight ramp; use ripcord's shadow strategy (spec.shadow) for mirroring`,
    );
  if (analysis.match !== undefined)
    notConverted.push(
      'spec.analysis.match: header matching (A/B testing) is not converted; use a setHeaderRoute step',
    );

  const triggers: string[] = [];
  for (const [i, metric] of (analysis.metrics ?? []).entries()) {
    const where = `spec.analysis.metrics[${i}] (${metric.name ?? 'unnamed'})`;
    const over = argoDuration(metric.interval ?? interval);
    const range = metric.thresholdRange ?? {};
    let trigger: string | { problem: string };
    if (metric.templateRef !== undefined)
      trigger = {
        problem: 'custom MetricTemplates are not converted; write its trigger by hand (docs/triggers.md)',
      };
    else if (metric.name === 'request-success-rate' && range.min !== undefined)
      // Flagger's success rate is in percent of non-5xx responses.
      trigger = triggerFor(
        { kind: 'success-rate', over },
        { above: false, limit: range.min / 100, inclusive: false },
      );
    else if (metric.name === 'request-duration' && range.max !== undefined)
      // Flagger's request-duration is the P99 in milliseconds.
      trigger = triggerFor(
        { kind: 'latency', quantile: 0.99, unit: 'ms', over },
        { above: true, limit: range.max, inclusive: false },
      );
    else trigger = { problem: 'only request-success-rate (min) and request-duration (max) are converted' };
    if (typeof trigger === 'string') triggers.push(trigger);
    else notConverted.push(`${where}: ${trigger.problem}`);
  }

  for (const [i, hook] of (analysis.webhooks ?? []).entries())
    notConverted.push(
      `spec.analysis.webhooks[${i}] (${hook.name ?? 'unnamed'}, ${hook.type ?? 'rollout'}): Flagger's webhooks are not converted; ripcord calls its signed webhooks (spec.webhooks) on rollout events, and load tests keep running from your tooling`,
    );
  if (canary.spec?.service !== undefined)
    notConverted.push(
      'spec.service: the mesh routing Flagger generates is not converted; give ripcord the route in `ripcord up --traffic-routes`',
    );

  return finishConversion({
    name,
    model: options.model ?? canary.spec?.targetRef?.name ?? name,
    release: options.release ?? `${options.model ?? canary.spec?.targetRef?.name ?? name}-canary`,
    releaseGiven: options.release !== undefined,
    steps,
    triggers,
    consecutiveBreaches: analysis.threshold,
    notConverted,
  });
}

/** stepWeight, 2 × stepWeight, … up to maxWeight (100 when not given). */
function rampOf(step: number | undefined, max: number | undefined): number[] {
  if (step === undefined || step <= 0) return [];
  const top = max ?? 100;
  const out: number[] = [];
  for (let w = step; w <= top + 1e-9; w += step) out.push(Math.round(w * 100) / 100);
  return out;
}
