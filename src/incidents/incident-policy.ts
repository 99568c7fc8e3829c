/**
 * How a model's incidents are graded and priced in the report. Defaults follow the incident
 * report practice ripcord was built from: P1 when revenue or safety is hit, P2 for error rate or
 * latency, P3 for anything else. A rollout may override both (`spec.incident`).
 */
import { z } from 'zod';

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What a rule matches on the deciding trigger: its metric kind, KPI name, or words in it or the reason. */
export const SeverityRuleSchema = z
  .object({
    severity: z.enum(PRIORITIES),
    /** Trigger metric kinds: error-rate, latency, kpi, diversity, null-rate, schema-mismatch, psi, js, ks. */
    metrics: z.array(z.string().min(1)).optional(),
    /** KPI names (`kpi conversion` triggers). */
    kpis: z.array(z.string().min(1)).optional(),
    /** Case-insensitive words looked for in the trigger and the reason. */
    words: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine((r) => (r.metrics?.length ?? 0) + (r.kpis?.length ?? 0) + (r.words?.length ?? 0) > 0, {
    message: 'a severity rule needs at least one of metrics, kpis or words to match',
  });
export type SeverityRule = z.infer<typeof SeverityRuleSchema>;

export const IncidentPolicySchema = z
  .object({
    /** First matching rule wins; none matching: `otherwise`. @default the seed's rules */
    severityRules: z.array(SeverityRuleSchema).optional(),
    otherwise: z.enum(PRIORITIES).default('P3'),
    /** Prices the KPI loss in the report: each conversion of `kpi` is worth `value` `currency`. */
    valuePerConversion: z
      .object({
        kpi: z.string().min(1),
        value: z.number().positive(),
        currency: z.string().min(1).max(8).default('USD'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type IncidentPolicy = z.output<typeof IncidentPolicySchema>;

export const DEFAULT_SEVERITY_RULES: readonly SeverityRule[] = [
  { severity: 'P1', words: ['revenue', 'safety'], kpis: ['revenue'] },
  { severity: 'P2', metrics: ['error-rate', 'latency'] },
];
