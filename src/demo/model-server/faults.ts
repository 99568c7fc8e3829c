/**
 * Faults the demo model server can inject, set at runtime over `POST /admin/faults` or
 * programmatically. Each may start after a delay and stop after a duration, measured on the
 * server's clock so tests and accelerated demos control time.
 */
import { z } from 'zod';

const timing = {
  /** Start this long after the fault is set. @default 0 */
  afterMs: z.number().nonnegative().default(0),
  /** Stop this long after it started; omitted = until cleared. */
  forMs: z.number().positive().optional(),
};

export const FaultSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('latency'),
    /** Multiplies every latency (1.4 = p95 up 40 %). @default 1 */
    multiply: z.number().positive().default(1),
    /** Added to every latency, in ms. @default 0 */
    addMs: z.number().nonnegative().default(0),
    ...timing,
  }),
  z.object({
    kind: z.literal('errors'),
    /** Share of requests answered with `status` (0..1). */
    rate: z.number().min(0).max(1),
    status: z.number().int().min(500).max(599).default(500),
    ...timing,
  }),
  z.object({
    kind: z.literal('diversity-collapse'),
    /** Share of requests that get the same items; the rest stay personalised. @default 0.975 */
    share: z.number().min(0).max(1).default(0.975),
    ...timing,
  }),
  z.object({
    kind: z.literal('drift'),
    /** The instance field that defines the segment. @default "hour" */
    field: z.string().min(1).default('hour'),
    /** Inclusive numeric range of the segment. @default 0..5 (night) */
    min: z.number().default(0),
    max: z.number().default(5),
    /** Catalogue rotation of every recommended item. @default 37 */
    itemShift: z.number().int().nonnegative().default(37),
    /** Relative score change. @default -0.3 */
    scoreShift: z.number().min(-0.99).default(-0.3),
    ...timing,
  }),
  z.object({
    kind: z.literal('conversion'),
    /** Multiplies the conversion rate the synthetic client should use (0.97 = −3 %). */
    multiply: z.number().nonnegative(),
    ...timing,
  }),
  z.object({
    kind: z.literal('crash'),
    ...timing,
  }),
]);

export type FaultSpecInput = z.input<typeof FaultSpecSchema>;
export type FaultSpec = z.output<typeof FaultSpecSchema>;
export type FaultKind = FaultSpec['kind'];
export const FAULT_KINDS = [
  'latency',
  'errors',
  'diversity-collapse',
  'drift',
  'conversion',
  'crash',
] as const satisfies readonly FaultKind[];

/** Body of `POST /admin/faults`. */
export const FaultRequestSchema = z.object({
  faults: z.array(FaultSpecSchema),
  /** replace: the list becomes the active set; append: added to it. @default "replace" */
  mode: z.enum(['replace', 'append']).default('replace'),
});

/** A fault as scheduled: its spec plus absolute start and end on the server's clock. */
export type ScheduledFault = FaultSpec & { startsAt: number; endsAt: number | null };

export function schedule(spec: FaultSpec, now: number): ScheduledFault {
  const startsAt = now + spec.afterMs;
  return { ...spec, startsAt, endsAt: spec.forMs === undefined ? null : startsAt + spec.forMs };
}

export function isActive(fault: ScheduledFault, now: number): boolean {
  return now >= fault.startsAt && (fault.endsAt === null || now < fault.endsAt);
}

/** The active fault of a kind (the last one set wins when several overlap). */
export function activeFault<K extends FaultKind>(
  faults: readonly ScheduledFault[],
  kind: K,
  now: number,
): Extract<ScheduledFault, { kind: K }> | undefined {
  for (let i = faults.length - 1; i >= 0; i--) {
    const fault = faults[i]!;
    if (fault.kind === kind && isActive(fault, now)) return fault as Extract<ScheduledFault, { kind: K }>;
  }
  return undefined;
}
