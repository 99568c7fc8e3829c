/**
 * A Rollout: how a candidate release reaches users (shadow, canary or blue/green), what the
 * guards watch, and where a rollback goes. Durations are written as users write them (30s, 5m, 2h).
 */
import { z } from 'zod';
import { isDuration, parseDuration } from '../core/duration.js';
import { parseTrigger, TriggerSyntaxError } from '../analysis/triggers/index.js';
import { NAME_PATTERN } from '../registry/schemas.js';
import { IncidentPolicySchema } from '../incidents/incident-policy.js';
import { ExecutorSpecSchema, stepName } from '../actions/executors/executor-spec.js';
import { WebhookSpecSchema } from '../actions/executors/webhook/webhook-spec.js';
import { NotifyListSchema } from './notify-spec.js';
import { DrillMarkSchema } from './drill-mark.js';
import { WarmUpSchema } from './warm-up/warm-up-spec.js';
import { checkMeasurements, measurementFields } from './measurements-spec.js';
import { RollbackStagesSchema } from './rollback-stages-spec.js';
import {
  HeaderMatchSchema,
  HeaderRouteSchema,
  MirrorSchema,
  StickySchema,
} from '../registry/traffic-policy.js';

const name = z.string().regex(NAME_PATTERN, 'use lowercase letters, digits, ".", "_" or "-"');

const duration = z.string().refine(isDuration, { message: 'write a duration such as 30s, 5m or 1h30m' });

/**
 * Trigger expressions, compiled when the rollout is submitted: each one that does not parse is
 * its own issue at its index, with the caret message, so one typo is refused with the rest named
 * rather than accepted and never judged.
 */
const triggerList = z.array(z.string().min(1)).superRefine((triggers, ctx) => {
  triggers.forEach((text, i) => {
    try {
      parseTrigger(text, 'trigger');
    } catch (error) {
      if (!(error instanceof TriggerSyntaxError)) throw error;
      // The path names the field; the message keeps the reason and the caret, not the grammar.
      const [reason = '', line = '', caret = ''] = error.message.replace(/^trigger: /, '').split('\n');
      ctx.addIssue({
        code: 'custom',
        path: [i],
        message: `${reason}\n${line}\n${caret}\n(the trigger grammar is in docs/triggers.md)`,
      });
    }
  });
});

const percent = z
  .number()
  .min(0, 'weights are percentages from 0 to 100')
  .max(100, 'weights are percentages from 0 to 100')
  .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, {
    message: 'weights have 0.01 % granularity',
  });

export const AnalysisSchema = z
  .object({
    /** Trigger expressions, e.g. `hard: error rate > 5% for 3m` (see docs/triggers.md). */
    triggers: triggerList.min(1, 'give at least one trigger, e.g. "hard: error rate > 5% for 1m"'),
    consecutiveBreaches: z.number().int().positive().optional(),
    sequentialBreaches: z.number().int().positive().optional(),
    alpha: z.number().gt(0).lt(0.5).optional(),
    ...measurementFields,
  })
  .strict()
  .superRefine(checkMeasurements);
export type AnalysisSpec = z.infer<typeof AnalysisSchema>;

export const CanaryStepSchema = z.union([
  z.object({ setWeight: percent }).strict(),
  z.object({ pause: z.object({ duration: duration.optional() }).strict() }).strict(),
  z.object({ analysis: z.object({ duration }).strict() }).strict(),
  z.object({ setHeaderRoute: HeaderMatchSchema.nullable() }).strict(),
  z
    .object({
      setMirror: z
        .object({ percent, segmentBy: z.array(z.string()).optional() })
        .strict()
        .nullable(),
    })
    .strict(),
  z.object({ setRegionWeight: z.object({ region: z.string().min(1), weight: percent }).strict() }).strict(),
]);
export type CanaryStep = z.infer<typeof CanaryStepSchema>;

export const DEFAULT_CANARY_STEPS: CanaryStep[] = [
  { setWeight: 1 },
  { pause: { duration: '1m' } },
  { setWeight: 5 },
  { pause: { duration: '2m' } },
  { setWeight: 25 },
  { pause: { duration: '5m' } },
  { setWeight: 50 },
  { pause: { duration: '5m' } },
  { setWeight: 100 },
];

export const CanaryStrategySchema = z
  .object({
    steps: z.array(CanaryStepSchema).min(1).default(DEFAULT_CANARY_STEPS),
  })
  .strict();

export const BlueGreenStrategySchema = z
  .object({
    /** Warm-up requests sent to the green release before any user reaches it. */
    warmupRequests: z.number().int().nonnegative().default(0),
    /** Analysis on test traffic (pinned with the x-ripcord-release header) before the flip. */
    prePromotionAnalysis: z.object({ duration }).strict().optional(),
    /** Flip without waiting for `ripcord rollout promote`. */
    autoPromote: z.boolean().default(true),
    /** How long green is judged against blue's pre-flip window after the flip. */
    postPromotionAnalysis: z.object({ duration }).strict().default({ duration: '10m' }),
    /** How long blue stays warm and health-checked so flipping back is one routing change. */
    keepWarm: duration.default('2h'),
  })
  .strict();

export const ShadowStrategySchema = z
  .object({
    percent: percent.default(10),
    duration: duration.default('10m'),
    segmentBy: z.array(z.string()).default([]),
    /**
     * The shadow passes when its outputs agree at least this often, overall and in every segment. A
     * segment below it raises an alert at once and blocks when the window closes; overall agreement
     * blocks early only when its 99 % upper bound is below it.
     */
    minAgreement: z.number().min(0).max(1).default(0.9),
    /** Segments with fewer compared requests are not judged. */
    minSamples: z.number().int().positive().default(30),
    compare: MirrorSchema.shape.compare.optional(),
  })
  .strict();

export const GuardSchema = z
  .object({
    /** Triggers watched after full promotion; default: the rollout's analysis triggers. */
    triggers: triggerList.optional(),
    /** Evaluate every tick for this long after promotion... */
    fastFor: duration.default('2h'),
    /** ...then at this interval, for as long as the release serves. */
    interval: duration.default('30s'),
    /** How much of the baseline's pre-promotion traffic it is compared against. */
    baselineWindow: duration.default('30m'),
  })
  .strict();

export const WebhookSchema = WebhookSpecSchema.omit({ kind: true });

export const RolloutSpecSchema = z
  .object({
    name,
    model: name,
    /** The candidate release. */
    release: name,
    /** The release it replaces; default: the model's current stable release. */
    baseline: name.optional(),
    /** Where a rollback goes; default: the registry's candidate search. Decided before the rollout starts. */
    rollbackTo: name.optional(),
    /** Start even without a healthy rollback target, relying on the model's fallback. */
    allowFallback: z.boolean().default(false),
    /** The rollback target must answer replayed inference requests at its usual speed (warm-up/warm-up-spec.ts). */
    warmUp: WarmUpSchema.optional(),
    canary: CanaryStrategySchema.optional(),
    blueGreen: BlueGreenStrategySchema.optional(),
    shadow: ShadowStrategySchema.optional(),
    analysis: AnalysisSchema,
    guard: GuardSchema.default({ fastFor: '2h', interval: '30s', baselineWindow: '30m' }),
    sticky: StickySchema.optional(),
    /** Health-check and verification settings. */
    verify: z
      .object({
        within: duration.default('30s'),
        maxErrorRate: z.number().min(0).max(1).default(0.05),
        /** After recovery is verified, the target stays judged every tick this long; a relapse re-opens the incident. */
        watchFor: duration.default('2h'),
      })
      .strict()
      .default({ within: '30s', maxErrorRate: 0.05, watchFor: '2h' }),
    /** How the rollout's incidents are graded (P1–P4) and priced in the report. */
    incident: IncidentPolicySchema.optional(),
    webhooks: z.array(WebhookSchema).default([]),
    /** External rollback steps, run in order after traffic, aliases, the release mark and flags. */
    executors: z.array(ExecutorSpecSchema).default([]),
    /** When a rollback reaches the infrastructure executors (rollback-stages-spec.ts). */
    rollbackStages: RollbackStagesSchema.default({ immediateFor: [] }),
    /** Who is told when the incident moves: Slack, PagerDuty, Teams, Standard Webhooks (notify-spec.ts). */
    notify: NotifyListSchema,
    /** Set by `ripcord drill`: a game day, never paging anyone, marked as a drill everywhere. */
    drill: DrillMarkSchema.optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const strategies = [spec.canary, spec.blueGreen, spec.shadow].filter(Boolean).length;
    if (strategies !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['canary'],
        message: 'choose exactly one strategy: canary, blueGreen or shadow',
      });
    }
    const seen = new Map<string, string>();
    for (const [list, entries] of [
      ['webhooks', spec.webhooks.map((hook) => ({ ...hook, kind: 'webhook' }))],
      ['executors', spec.executors],
    ] as const)
      entries.forEach((entry, index) => {
        const name = stepName(entry);
        const key = `${entry.kind}:${name}`;
        const first = seen.get(key);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'name'],
            message: `"${name}" is already the name of ${first}; give each ${entry.kind} step its own name`,
          });
        else seen.set(key, `${list}[${index}]`);
      });
    if (spec.baseline && spec.baseline === spec.release) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseline'],
        message: 'the baseline must differ from the candidate release',
      });
    }
  });

export type RolloutSpecInput = z.input<typeof RolloutSpecSchema>;
export type RolloutSpec = z.output<typeof RolloutSpecSchema>;
export { HeaderRouteSchema, MirrorSchema };
export type Strategy = 'canary' | 'blueGreen' | 'shadow';

export function strategyOf(spec: RolloutSpec): Strategy {
  return spec.canary ? 'canary' : spec.blueGreen ? 'blueGreen' : 'shadow';
}

export function ms(text: string): number {
  return parseDuration('duration', text);
}
