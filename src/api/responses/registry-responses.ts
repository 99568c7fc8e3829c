/**
 * What the registry routes answer, as zod schemas: the OpenAPI document states them so a generated
 * client is typed, and the API suite checks every answer against them so they cannot drift.
 * Stored records are the input schemas' output plus what the registry adds (revision, times).
 */
import { z } from 'zod';
import {
  FeatureRefSchema,
  FeatureVersionInputSchema,
  ModelInputSchema,
  ModelVersionInputSchema,
  ReleaseInputSchema,
  ROLES,
} from '../../registry/schemas.js';
import { TrafficPolicyInputSchema } from '../../registry/traffic-policy.js';

const revisioned = { revision: z.number().int().positive(), createdAt: z.string(), updatedAt: z.string() };

export const ModelResponse = ModelInputSchema.extend(revisioned).meta({ id: 'Model' });

export const ModelVersionResponse = ModelVersionInputSchema.extend({
  version: z.number().int().positive(),
  archived: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
}).meta({ id: 'ModelVersion' });

export const FeatureVersionResponse = FeatureVersionInputSchema.extend({
  createdAt: z.string(),
  createdBy: z.string(),
}).meta({ id: 'FeatureVersion' });

const ReleaseMarkResponse = z
  .object({
    kind: z.literal('rolled-back'),
    eventId: z.string(),
    at: z.string(),
    trigger: z.string(),
    reason: z.string(),
    role: z.enum(['canary', 'green', 'shadow', 'production']),
  })
  .strict();

export const ReleaseResponse = ReleaseInputSchema.extend({
  ...revisioned,
  archived: z.boolean(),
  marks: z.array(ReleaseMarkResponse),
  createdBy: z.string(),
}).meta({ id: 'Release' });

export const AliasResponse = z
  .object({ name: z.string(), release: z.string(), updatedBy: z.string(), ...revisioned })
  // Listings across models name the model each alias belongs to.
  .extend({ model: z.string().optional() })
  .strict()
  .meta({ id: 'Alias' });

export const AliasMoveResponse = z
  .object({
    alias: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    actor: z.string(),
    reason: z.string(),
    at: z.string(),
    requestId: z.string().optional(),
  })
  .strict()
  .meta({ id: 'AliasMove' });

export const AliasAtResponse = z.object({ at: z.string(), release: z.string().nullable() }).strict();

export const RollbackCandidateResponse = z
  .object({
    release: z.string().nullable(),
    reason: z.enum(['designated', 'healthy-baseline', 'previous-production']).optional(),
    explanation: z.string(),
  })
  .strict()
  .meta({ id: 'RollbackCandidate' });

export const FlagResponse = z
  .object({ key: z.string(), enabled: z.boolean(), updatedBy: z.string(), ...revisioned })
  .strict()
  .meta({ id: 'Flag' });

export const TrafficPolicyResponse = TrafficPolicyInputSchema.extend({
  revision: z.number().int().positive(),
  updatedAt: z.string(),
  updatedBy: z.string(),
}).meta({ id: 'TrafficPolicy' });

/** A traffic write that waited for the gateways (`?wait=true`): the policy and what the wait found. */
export const TrafficPolicyAppliedResponse = TrafficPolicyResponse.extend({
  applied: z
    .object({
      confirmed: z.boolean().describe('every gateway serves this revision'),
      message: z.string().describe('which gateways do not serve it yet, and why, when not confirmed'),
    })
    .optional()
    .describe('present when the write asked to wait (wait=true)'),
}).meta({ id: 'TrafficPolicyWrite' });

export const AuditEntryResponse = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    reason: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    requestId: z.string().optional(),
  })
  .strict()
  .meta({ id: 'AuditEntry' });

export const TokenInfoResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .strict()
  .meta({ id: 'TokenInfo' });

export const CreatedTokenResponse = z
  .object({ token: z.string(), info: TokenInfoResponse })
  .strict()
  .meta({ id: 'CreatedToken' });

const FieldChange = z.object({ path: z.string(), from: z.unknown(), to: z.unknown() }).strict();

export const ReleaseDiffResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    model: z
      .object({ from: z.string(), to: z.string(), changed: z.boolean(), changes: z.array(FieldChange) })
      .strict(),
    features: z
      .object({
        added: z.array(FeatureRefSchema),
        removed: z.array(FeatureRefSchema),
        changed: z.array(z.object({ name: z.string(), from: z.string(), to: z.string() }).strict()),
      })
      .strict(),
    serving: z.object({ changed: z.boolean(), changes: z.array(FieldChange) }).strict(),
  })
  .loose()
  .meta({ id: 'ReleaseDiff' });

export const RevokedTokenResponse = z.object({ revoked: z.string() }).strict();

export const ApplyResponse = z
  .object({
    results: z.array(z.object({ kind: z.string(), name: z.string(), result: z.string() }).loose()),
  })
  .strict()
  .meta({ id: 'ApplyResult' });

/** The routing snapshot every gateway compiles (GET /routing, and each event of its stream). */
export const RoutingSnapshotResponse = z
  .object({
    revision: z.number().int(),
    models: z.array(ModelResponse),
    releases: z.array(ReleaseResponse),
    policies: z.array(TrafficPolicyResponse),
    flags: z.array(FlagResponse),
    kpis: z.record(z.string(), z.array(z.string())).optional(),
  })
  .strict()
  .meta({ id: 'RoutingSnapshot' });

const GatewayReport = z
  .object({
    revision: z.number().int().optional(),
    policies: z.record(z.string(), z.number().int()),
    failures: z.array(z.object({ model: z.string(), field: z.string(), message: z.string() }).strict()),
    lastError: z.string().optional(),
  })
  .loose();

export const FleetMemberResponse = z
  .object({
    id: z.string(),
    kind: z.enum(['in-process', 'remote']),
    name: z.string(),
    connectedAt: z.number(),
    reportedAt: z.number().optional(),
    report: GatewayReport.optional(),
  })
  .strict()
  .meta({ id: 'FleetMember' });
