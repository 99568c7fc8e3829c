/**
 * A model's traffic policy: the desired routing state that the API, the CLI and the controller
 * write and every gateway compiles into its in-memory routing table. Stored per model, with a
 * revision, so a rollback and an operator's weight change cannot silently overwrite each other.
 */
import { z } from 'zod';

/** Percent with 0.01 % granularity (basis points internally: 1 % = 100 bp). */
const percent = z
  .number()
  .min(0, 'weights are percentages from 0 to 100')
  .max(100, 'weights are percentages from 0 to 100')
  .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, {
    message: 'weights have 0.01 % granularity (e.g. 0.25, 12.5)',
  });

export const WeightSchema = z.object({ release: z.string().min(1), weight: percent }).strict();
export type Weight = z.infer<typeof WeightSchema>;

export const StickySchema = z
  .object({
    /** Where the session key comes from. */
    source: z.enum(['header', 'cookie', 'json']),
    /** Header name, cookie name, or a dotted JSON field path such as `user.id`. */
    key: z.string().min(1),
  })
  .strict();

export const HeaderRouteSchema = z
  .object({
    header: z.string().min(1),
    /** Exact value match; `regex` matches with a regular expression instead. */
    value: z.string().optional(),
    regex: z.string().optional(),
    release: z.string().min(1),
  })
  .strict();

export const MirrorSchema = z
  .object({
    release: z.string().min(1),
    percent,
    timeoutMs: z.number().int().positive().default(2_000),
    maxConcurrency: z.number().int().positive().default(32),
    maxQueue: z.number().int().nonnegative().default(256),
    /** Request fields (dotted JSON paths) and headers that segment the diff report. */
    segmentBy: z.array(z.string()).default([]),
    /** How outputs are compared. */
    compare: z
      .object({
        numericTolerance: z.number().nonnegative().default(1e-6),
        topK: z.number().int().positive().default(10),
      })
      .strict()
      .default({ numericTolerance: 1e-6, topK: 10 }),
  })
  .strict();
export type Mirror = z.infer<typeof MirrorSchema>;

export const FallbackSchema = z
  .object({
    release: z.string().optional(),
    static: z
      .object({ status: z.number().int().min(200).max(599).default(200), body: z.unknown() })
      .strict()
      .optional(),
  })
  .strict();

export const TrafficPolicyInputSchema = z
  .object({
    model: z.string().min(1),
    /** Receives whatever share the other weights leave. */
    stable: z.string().min(1),
    /** Non-stable releases and their percentages; their sum must not exceed 100. */
    weights: z.array(WeightSchema).default([]),
    sticky: StickySchema.optional(),
    headerRoutes: z.array(HeaderRouteSchema).default([]),
    /** Per-region weights; the region comes from `regionHeader`. Regions not listed use `weights`. */
    regionHeader: z.string().default('x-region'),
    regions: z.record(z.string(), z.array(WeightSchema)).default({}),
    mirror: MirrorSchema.optional(),
    fallback: FallbackSchema.optional(),
    /** Retry a failed idempotent request once on the stable release. */
    retryOnStable: z.boolean().default(true),
  })
  .strict();
export type TrafficPolicyInput = z.input<typeof TrafficPolicyInputSchema>;
export type TrafficPolicySpec = z.infer<typeof TrafficPolicyInputSchema>;

export interface TrafficPolicy extends TrafficPolicySpec {
  revision: number;
  updatedAt: string;
  updatedBy: string;
}
