/**
 * What the rollout and incident routes answer. The top-level fields a client reads are typed;
 * deep, evolving parts (judge state, evidence) are open objects, so adding a field to them is not
 * a breaking change to the document.
 */
import { z } from 'zod';
import { RolloutSpecSchema } from '../../controller/rollout-spec.js';
import { PHASES } from '../../controller/rollout-state.js';

const open = z.object({}).loose();

export const DecisionResponse = z
  .object({
    verdict: z.enum(['PASS', 'MONITOR', 'PAUSE', 'ROLLBACK']),
    reason: z.string(),
    trigger: z.string().optional(),
    readings: z.array(
      z
        .object({
          trigger: z.string(),
          severity: z.string(),
          status: z.enum(['ok', 'breach', 'pending-breach', 'insufficient-data']),
          observed: z.number().optional(),
          baseline: z.number().optional(),
          message: z.string(),
          consecutiveBreaches: z.number().int(),
          pValue: z.number().optional(),
          telemetryError: z.string().optional(),
          carriedFrom: z
            .number()
            .optional()
            .describe(
              'epoch ms of the look this reading was taken at, when carried: a controller behind on its ticks defers its distribution triggers',
            ),
        })
        .loose(),
    ),
    insufficientData: z.boolean(),
    telemetryErrors: z.array(z.string()).optional(),
    at: z.number(),
  })
  .loose()
  .meta({ id: 'Decision' });

export const RolloutStatusResponse = z
  .object({
    phase: z.enum(PHASES),
    message: z.string(),
    stepIndex: z.number().int(),
    stage: z.string(),
    stepStartedAt: z.number(),
    startedAt: z.number(),
    baseline: z.string(),
    rollbackTarget: z
      .object({ release: z.string().nullable(), reason: z.string(), explanation: z.string() })
      .loose(),
    weight: z.number(),
    mirrorPercent: z.number(),
    regionWeights: z.record(z.string(), z.number()),
    lastDecision: DecisionResponse.optional(),
    rollback: open.optional(),
    intents: open,
    alerts: z.array(z.object({ at: z.number(), message: z.string() }).loose()),
    /** The rollback target's last warm-up check (spec.warmUp): at start, then kept warm after promotion. */
    warmTarget: z
      .object({
        release: z.string(),
        at: z.number(),
        warm: z.boolean(),
        condition: z.enum(['TargetWarm', 'TargetCold']),
        p95Ms: z.number().nullable(),
        limitMs: z.number().nullable(),
        message: z.string(),
      })
      .loose()
      .optional(),
  })
  .loose()
  .meta({ id: 'RolloutStatus' });

export const RolloutResponse = z
  .object({
    name: z.string(),
    revision: z.number().int().positive(),
    // The stored spec has every default filled in (the schema's output).
    spec: RolloutSpecSchema,
    status: RolloutStatusResponse,
  })
  .strict()
  .meta({ id: 'Rollout' });

export const StoredDecisionResponse = z
  .object({
    rollout: z.string(),
    release: z.string(),
    baseline: z.string(),
    phase: z.string(),
    candidateShare: z.number(),
    decision: DecisionResponse,
  })
  .loose()
  .meta({ id: 'StoredDecision' });

export const RollbackPreviewResponse = z
  .object({
    rollout: z.string(),
    release: z.string(),
    target: z.string(),
    steps: z.array(
      z
        .object({
          actionId: z.string(),
          name: z.string(),
          kind: z.string(),
          onFailure: z.string(),
          changes: z.boolean(),
          summary: z.string(),
        })
        .loose(),
    ),
  })
  .strict()
  .meta({ id: 'RollbackPreview' });

export const ObservedTrafficResponse = z
  .object({
    model: z.string(),
    overMs: z.number(),
    requestsPerSecond: z.number(),
    errorRate: z.number().nullable(),
    latencyP50Ms: z.number().nullable(),
    latencyP95Ms: z.number().nullable(),
    kpis: z.record(z.string(), z.object({ perRequest: z.number(), mean: z.number() }).strict()),
  })
  .strict()
  .meta({ id: 'ObservedTraffic' });

const MttrResponse = z
  .object({
    phases: z.array(
      z
        .object({
          phase: z.enum(['detection', 'triage', 'execution', 'verification']),
          from: z.number().optional(),
          to: z.number().optional(),
          ms: z.number().optional(),
          running: z.boolean(),
        })
        .strict(),
    ),
    start: z.enum(['onset', 'first-breach']),
    totalMs: z.number().optional(),
    timeToMitigateMs: z.number().optional(),
    complete: z.boolean(),
  })
  .loose();

export const IncidentResponse = z
  .object({
    id: z.string(),
    model: z.string(),
    release: z.string(),
    target: z.string(),
    rollout: z.string().optional(),
    trigger: z.string(),
    reason: z.string(),
    severity: z.string(),
    role: z.string(),
    actor: z.string(),
    status: z.string(),
    times: open,
    actions: z.array(open),
    evidence: open,
    mttr: MttrResponse,
  })
  .loose()
  .meta({ id: 'Incident' });
