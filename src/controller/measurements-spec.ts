/**
 * The parts of a rollout's `analysis` that judge it from Prometheus: Argo-style metric templates
 * (`metrics`, with the `args` their queries name) and the Prometheus source the triggers read
 * (`provider`). Compiled when the rollout is submitted: a condition that does not parse, or a
 * query naming an argument that is not there, is refused with the field named
 * (`spec.analysis.metrics[0].successCondition`), like a trigger.
 */
import { z } from 'zod';

import { compileTemplates, MetricTemplateSchema } from '../analysis/measurements/metric-template.js';
import { BUILT_IN_ARGS, checkArguments } from '../analysis/measurements/template-args.js';
import { PrometheusSourceSchema } from '../analysis/providers/prometheus/prometheus-source.js';
import { ValidationError } from '../core/errors.js';

const ArgSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'an argument name is letters, digits, "_" or "-"')
      .refine((n) => !(BUILT_IN_ARGS as readonly string[]).includes(n), {
        message: `${BUILT_IN_ARGS.join(', ')} are filled in by ripcord; choose another name`,
      }),
    value: z.string(),
  })
  .strict();

/** The fields added to `spec.analysis` (spread into AnalysisSchema). */
export const measurementFields = {
  /** Argo-style metric templates, measured at every step alongside the triggers. */
  metrics: z.array(MetricTemplateSchema).optional(),
  /** Values for `{{args.NAME}}` in the metric templates' queries (model, rollout, candidate, baseline are given). */
  args: z.array(ArgSchema).optional(),
  /** Where the triggers read from; default: the control plane's provider (RIPCORD_METRICS_PROVIDER). */
  provider: z.object({ prometheus: PrometheusSourceSchema }).strict().optional(),
};

/** Checks the templates as a whole: unique names, conditions that compile, arguments that exist. */
export function checkMeasurements(
  analysis: {
    metrics?: z.infer<typeof MetricTemplateSchema>[] | undefined;
    args?: { name: string }[] | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const metrics = analysis.metrics ?? [];
  const known = [...BUILT_IN_ARGS, ...(analysis.args ?? []).map((a) => a.name)];
  const seen = new Set<string>();
  metrics.forEach((metric, i) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path: ['metrics', i, ...path], message });
    if (seen.has(metric.name))
      issue(['name'], `"${metric.name}" names another metric too; give each its own name`);
    seen.add(metric.name);
    const prefix = `spec.analysis.metrics[${i}].`;
    try {
      compileTemplates([metric], 'spec.analysis.metrics');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const field = error.field.replace(/^spec\.analysis\.metrics\[0\]\./, '');
      issue(field.split('.'), error.message.replace(/^[^:]*: /, ''));
    }
    try {
      checkArguments(metric.provider.prometheus.query, `${prefix}provider.prometheus.query`, known);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issue(['provider', 'prometheus', 'query'], error.message.replace(/^[^:]*: /, ''));
    }
  });
}
