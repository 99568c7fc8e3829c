/** REST routes for registry resources. Validation, auth and OpenAPI all come from this table. */
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import type { Registry } from '../../registry/registry.js';
import {
  FeatureVersionInputSchema,
  ModelInputSchema,
  ModelVersionInputSchema,
  ReleaseInputSchema,
} from '../../registry/schemas.js';
import { awaitTrafficApplied, type TrafficApplied } from '../../registry/traffic-applied.js';
import { assertTrafficFree, type TrafficOwner } from '../../registry/traffic-owner.js';
import { TrafficPolicyInputSchema } from '../../registry/traffic-policy.js';
import { defineRoute } from '../define-route.js';
import {
  AliasAtResponse,
  AliasMoveResponse,
  AliasResponse,
  AuditEntryResponse,
  CreatedTokenResponse,
  FeatureVersionResponse,
  FlagResponse,
  ModelResponse,
  ModelVersionResponse,
  ReleaseDiffResponse,
  ReleaseResponse,
  RevokedTokenResponse,
  RollbackCandidateResponse,
  TokenInfoResponse,
  TrafficPolicyAppliedResponse,
  TrafficPolicyResponse,
} from '../responses/registry-responses.js';
import type { RouteDefinition } from '../define-route.js';

const Name = z.object({ name: z.string() });
const ModelParam = z.object({ model: z.string() });
const VersionParams = z.object({ model: z.string(), version: z.coerce.number().int().positive() });
const AliasParams = z.object({ model: z.string(), alias: z.string() });
const ModelQuery = z.object({ model: z.string().optional() });
const Reason = z.object({ reason: z.string().optional() }).strict();

export function registryRoutes(
  registry: Registry,
  options: { trafficOwner?: TrafficOwner | undefined; trafficApplied?: TrafficApplied | undefined } = {},
): RouteDefinition[] {
  return [
    // ---- models
    defineRoute({
      method: 'GET',
      url: '/models',
      response: z.array(ModelResponse),
      role: 'viewer',
      tag: 'models',
      summary: 'List models',
      handler: () => registry.listModels(),
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:name',
      response: ModelResponse,
      role: 'viewer',
      tag: 'models',
      summary: 'Get a model',
      params: Name,
      handler: ({ params }) => registry.getModel(params.name),
    }),
    defineRoute({
      method: 'PUT',
      url: '/models/:name',
      response: ModelResponse,
      role: 'operator',
      tag: 'models',
      summary: 'Create or update a model (If-Match: revision for a conditional update)',
      params: Name,
      body: ModelInputSchema.omit({ name: true }),
      handler: ({ params, body, actor }) => registry.upsertModel({ ...body, name: params.name }, actor),
    }),
    // ---- versions
    defineRoute({
      method: 'GET',
      url: '/models/:model/versions',
      response: z.array(ModelVersionResponse),
      role: 'viewer',
      tag: 'versions',
      summary: "List a model's versions",
      params: ModelParam,
      handler: async ({ params }) => {
        await registry.getModel(params.model);
        return registry.listVersions(params.model);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/versions',
      response: z.array(ModelVersionResponse),
      role: 'viewer',
      tag: 'versions',
      summary: 'List model versions of every model (or ?model=)',
      query: ModelQuery,
      handler: ({ query }) => registry.listVersions(query.model),
    }),
    defineRoute({
      method: 'POST',
      url: '/models/:model/versions',
      response: ModelVersionResponse,
      role: 'operator',
      tag: 'versions',
      summary:
        'Register an immutable model version (same digest again is a no-op; a different digest is 409)',
      params: ModelParam,
      body: ModelVersionInputSchema.omit({ model: true }),
      successStatus: 201,
      handler: async ({ params, body, actor, reply }) => {
        const { version, created } = await registry.registerVersion({ ...body, model: params.model }, actor);
        if (!created) void reply.status(200);
        return version;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:model/versions/:version',
      response: ModelVersionResponse,
      role: 'viewer',
      tag: 'versions',
      summary: 'Get a model version',
      params: VersionParams,
      handler: ({ params }) => registry.getVersion(params.model, params.version),
    }),
    defineRoute({
      method: 'POST',
      url: '/models/:model/versions/:version/archive',
      response: ModelVersionResponse,
      role: 'operator',
      tag: 'versions',
      summary: 'Archive a model version (versions are never deleted)',
      params: VersionParams,
      body: Reason.optional(),
      handler: ({ params, actor }) => registry.archiveVersion(params.model, params.version, actor),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/models/:model/versions/:version',
      response: z.never(),
      role: 'operator',
      tag: 'versions',
      summary: 'Always refused (409): versions are archived, never deleted',
      params: VersionParams,
      handler: ({ params, actor }) => registry.deleteVersion(params.model, params.version, actor),
    }),
    // ---- features
    defineRoute({
      method: 'GET',
      url: '/features',
      response: z.array(FeatureVersionResponse),
      role: 'viewer',
      tag: 'features',
      summary: 'List feature-pipeline and encoder versions',
      query: z.object({ name: z.string().optional() }),
      handler: ({ query }) => registry.listFeatures(query.name),
    }),
    defineRoute({
      method: 'POST',
      url: '/features',
      response: FeatureVersionResponse,
      role: 'operator',
      tag: 'features',
      summary: 'Register an immutable feature-pipeline or encoder version',
      body: FeatureVersionInputSchema,
      successStatus: 201,
      handler: async ({ body, actor, reply }) => {
        const { feature, created } = await registry.registerFeature(body, actor);
        if (!created) void reply.status(200);
        return feature;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/features/:name/:version',
      response: FeatureVersionResponse,
      role: 'viewer',
      tag: 'features',
      summary: 'Get a feature version',
      params: z.object({ name: z.string(), version: z.string() }),
      handler: ({ params }) => registry.getFeature(params.name, params.version),
    }),
    // ---- releases
    defineRoute({
      method: 'GET',
      url: '/releases',
      response: z.array(ReleaseResponse),
      role: 'viewer',
      tag: 'releases',
      summary: 'List releases (or ?model=)',
      query: ModelQuery,
      handler: ({ query }) => registry.listReleases(query.model),
    }),
    defineRoute({
      method: 'POST',
      url: '/releases',
      response: ReleaseResponse,
      role: 'operator',
      tag: 'releases',
      summary: 'Create an immutable release bundle (model version + features + serving config)',
      body: ReleaseInputSchema,
      successStatus: 201,
      handler: async ({ body, actor, reply }) => {
        const { release, created } = await registry.createRelease(body, actor);
        if (!created) void reply.status(200);
        return release;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/releases/:name',
      response: ReleaseResponse,
      role: 'viewer',
      tag: 'releases',
      summary: 'Get a release',
      params: Name,
      handler: ({ params }) => registry.getRelease(params.name),
    }),
    defineRoute({
      method: 'POST',
      url: '/releases/:name/baseline',
      response: ReleaseResponse,
      role: 'operator',
      tag: 'releases',
      summary: 'Mark or unmark a release as a healthy baseline (If-Match: revision)',
      params: Name,
      body: z.object({ healthy: z.boolean(), reason: z.string().optional() }).strict(),
      handler: ({ params, body, actor }) => registry.setHealthyBaseline(params.name, body.healthy, actor),
    }),
    defineRoute({
      method: 'POST',
      url: '/releases/:name/archive',
      response: ReleaseResponse,
      role: 'operator',
      tag: 'releases',
      summary: 'Archive a release (If-Match: revision)',
      params: Name,
      body: Reason.optional(),
      handler: ({ params, actor }) => registry.archiveRelease(params.name, actor),
    }),
    defineRoute({
      method: 'GET',
      url: '/releases/:name/diff/:other',
      response: ReleaseDiffResponse,
      role: 'viewer',
      tag: 'releases',
      summary: 'What changed from one release to another, per component',
      params: z.object({ name: z.string(), other: z.string() }),
      handler: ({ params }) => registry.diffReleases(params.name, params.other),
    }),
    // ---- aliases
    defineRoute({
      method: 'GET',
      url: '/aliases',
      response: z.array(AliasResponse),
      role: 'viewer',
      tag: 'aliases',
      summary: 'List aliases (or ?model=)',
      query: ModelQuery,
      handler: ({ query }) => registry.listAliases(query.model),
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:model/aliases/:alias',
      response: AliasResponse,
      role: 'viewer',
      tag: 'aliases',
      summary: 'Get an alias',
      params: AliasParams,
      handler: ({ params }) => registry.getAlias(params.model, params.alias),
    }),
    defineRoute({
      method: 'PUT',
      url: '/models/:model/aliases/:alias',
      response: AliasResponse,
      role: 'operator',
      tag: 'aliases',
      summary: 'Point an alias at a release; recorded in its history (If-Match: revision)',
      params: AliasParams,
      body: z.object({ release: z.string().min(1), reason: z.string().optional() }).strict(),
      handler: ({ params, body, actor }) =>
        registry.setAlias(params.model, params.alias, body.release, actor),
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:model/aliases/:alias/history',
      response: z.union([AliasAtResponse, z.array(AliasMoveResponse)]),
      role: 'viewer',
      tag: 'aliases',
      summary:
        'Every move of an alias: who, when, why, from, to (or ?at=TIME for the release at that instant)',
      params: AliasParams,
      query: z.object({ at: z.string().optional() }),
      handler: async ({ params, query }) =>
        query.at
          ? { at: query.at, release: await registry.aliasAt(params.model, params.alias, query.at) }
          : registry.aliasHistory(params.model, params.alias),
    }),
    defineRoute({
      method: 'GET',
      url: '/models/:model/rollback-candidate',
      response: RollbackCandidateResponse,
      role: 'viewer',
      tag: 'aliases',
      summary: 'Where a rollback would go: last-known-good > healthy baseline > previous production',
      params: ModelParam,
      query: z.object({ exclude: z.string().optional() }),
      handler: ({ params, query }) => registry.rollbackCandidate(params.model, query.exclude),
    }),
    // ---- flags
    defineRoute({
      method: 'GET',
      url: '/flags',
      response: z.array(FlagResponse),
      role: 'viewer',
      tag: 'flags',
      summary: 'List flags gating feature/encoder versions',
      handler: () => registry.listFlags(),
    }),
    defineRoute({
      method: 'PUT',
      url: '/flags/:key',
      response: FlagResponse,
      role: 'operator',
      tag: 'flags',
      summary: 'Enable or disable a flag (If-Match: revision)',
      params: z.object({ key: z.string() }),
      body: z.object({ enabled: z.boolean(), reason: z.string().optional() }).strict(),
      handler: ({ params, body, actor }) => registry.setFlag(params.key, body.enabled, actor),
    }),
    // ---- traffic
    defineRoute({
      method: 'GET',
      url: '/traffic',
      response: z.array(TrafficPolicyResponse),
      role: 'viewer',
      tag: 'traffic',
      summary: 'List traffic policies',
      handler: () => registry.listTrafficPolicies(),
    }),
    defineRoute({
      method: 'GET',
      url: '/traffic/:model',
      response: TrafficPolicyResponse,
      role: 'viewer',
      tag: 'traffic',
      summary: "Get a model's traffic policy",
      params: ModelParam,
      handler: async ({ params }) => {
        const policy = await registry.getTrafficPolicy(params.model);
        if (!policy) {
          throw new NotFoundError('traffic policy', params.model, 'set one with PUT /api/v1/traffic/{model}');
        }
        return policy;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/traffic/:model',
      response: TrafficPolicyAppliedResponse,
      role: 'operator',
      tag: 'traffic',
      summary: "Set a model's traffic policy: weights, sticky sessions, header and region routes, mirror",
      params: ModelParam,
      query: z.object({
        wait: z
          .enum(['true', 'false'])
          .optional()
          .describe(
            'true: answer once every gateway serves the new revision (up to 10 s), saying so in `applied`; a lagging ' +
              'gateway is named there and the write stays committed. false (default): answer once committed',
          ),
      }),
      body: TrafficPolicyInputSchema.omit({ model: true }),
      handler: async ({ params, query, body, actor }) => {
        await assertTrafficFree(options.trafficOwner, params.model);
        const policy = await registry.setTrafficPolicy({ ...body, model: params.model }, actor);
        if (query.wait !== 'true') return policy;
        return {
          ...policy,
          applied: await awaitTrafficApplied(options.trafficApplied, params.model, policy.revision),
        };
      },
    }),
    // ---- audit
    defineRoute({
      method: 'GET',
      url: '/audit',
      response: z.array(AuditEntryResponse),
      role: 'viewer',
      tag: 'audit',
      summary: 'Read the append-only audit trail',
      query: z.object({
        target: z.string().optional(),
        actor: z.string().optional(),
        action: z.string().optional(),
        since: z.string().optional(),
        until: z.string().optional(),
        afterSeq: z.coerce.number().int().nonnegative().optional(),
        limit: z.coerce.number().int().positive().max(10_000).optional(),
      }),
      handler: ({ query }) => registry.audit(query),
    }),
    // ---- tokens
    defineRoute({
      method: 'GET',
      url: '/tokens',
      response: z.array(TokenInfoResponse),
      role: 'admin',
      tag: 'tokens',
      summary: 'List API tokens (never their secrets)',
      handler: () => registry.listTokens(),
    }),
    defineRoute({
      method: 'POST',
      url: '/tokens',
      response: CreatedTokenResponse,
      role: 'admin',
      tag: 'tokens',
      summary: 'Create an API token; the secret is returned once',
      body: z.object({ name: z.string().min(1), role: z.enum(['viewer', 'operator', 'admin']) }).strict(),
      successStatus: 201,
      handler: ({ body, actor }) => registry.createToken(body.name, body.role, actor),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/tokens/:id',
      response: RevokedTokenResponse,
      role: 'admin',
      tag: 'tokens',
      summary: 'Revoke an API token',
      params: z.object({ id: z.string() }),
      handler: async ({ params, actor }) => {
        await registry.revokeToken(params.id, actor);
        return { revoked: params.id };
      },
    }),
  ];
}
