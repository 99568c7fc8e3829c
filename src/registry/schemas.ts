/**
 * Input schemas for registry resources. One source of truth: the API validates requests with
 * them, the OpenAPI document is generated from them, and manifests (`ripcord apply`) use them.
 */
import { z } from 'zod';
import { backendIssues } from './routing-rules.js';
import { BackendHeadersSchema } from './backend-secrets.js';

export const NAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;
const name = z
  .string()
  .regex(
    NAME_PATTERN,
    'use lowercase letters, digits, ".", "_" or "-" (1-63 chars, alphanumeric at both ends)',
  );

export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
const digest = z.string().regex(DIGEST_PATTERN, 'use "sha256:" followed by 64 lowercase hex characters');

export const SERVING_PROTOCOLS = ['tfserving', 'kserve-v2', 'json'] as const;
export type ServingProtocol = (typeof SERVING_PROTOCOLS)[number];

export const INPUT_FIELD_TYPES = ['number', 'integer', 'string', 'boolean', 'array', 'object'] as const;

/** The fields a model expects in each input row (an instance), for data-quality telemetry. */
export const InputSchemaSchema = z
  .object({
    fields: z.record(
      z.string(),
      z
        .object({
          type: z.enum(INPUT_FIELD_TYPES),
          required: z.boolean().default(true),
          nullable: z.boolean().default(false),
        })
        .strict(),
    ),
  })
  .strict();
export type InputSchema = z.infer<typeof InputSchemaSchema>;

export const ModelInputSchema = z
  .object({
    name,
    owner: z.string().min(1, 'name the owning team or person'),
    description: z.string().default(''),
    protocol: z.enum(SERVING_PROTOCOLS),
    /**
     * Where the predicted items/classes are in a response, as a JSON path such as
     * `$.predictions[*].items` (used for prediction diversity).
     */
    predictionPath: z
      .string()
      .startsWith('$', 'a JSON path starts with "$", e.g. "$.predictions[*]"')
      .optional(),
    inputSchema: InputSchemaSchema.optional(),
  })
  .strict();
export type ModelInput = z.input<typeof ModelInputSchema>;

/** A reference to a feature-pipeline or encoder version, written `name@version`. */
export const FeatureRefSchema = z.object({ name, version: z.string().min(1) }).strict();
export type FeatureRef = z.infer<typeof FeatureRefSchema>;

const COMMIT_PATTERN = /^[0-9a-f]{7,40}$/;
const GIT_COMMIT_HINT = 'use a git commit id: 7 to 40 lowercase hex characters';

export const ModelVersionInputSchema = z
  .object({
    model: name,
    /** Monotonic per model; omitted means "next". */
    version: z.number().int().positive().optional(),
    label: z.string().max(128).optional(),
    artifactUri: z.string().min(1, 'give the artifact location, e.g. s3://models/recsys/2/'),
    digest,
    framework: z.string().min(1).default('unknown'),
    /** Training/offline metrics, e.g. `primary_metric`, `prediction_diversity`: later a baseline. */
    metrics: z.record(z.string(), z.number()).default({}),
    tags: z.record(z.string(), z.string()).default({}),
    compatibleFeatures: z.array(FeatureRefSchema).default([]),
    /** The dataset version the model was trained on (a DVC tag, a lakeFS commit, a table snapshot). */
    datasetVersion: z.string().min(1).max(256).optional(),
    /** The git commit of the training configuration; an emergency retrain starts from it. */
    trainingConfigCommit: z.string().regex(COMMIT_PATTERN, GIT_COMMIT_HINT).optional(),
  })
  .strict();
export type ModelVersionInput = z.input<typeof ModelVersionInputSchema>;

/** The git commit (and path in that repository) a feature pipeline version was built from. */
export const FeatureSourceSchema = z
  .object({
    repository: z.string().min(1).optional(),
    commit: z.string().regex(COMMIT_PATTERN, GIT_COMMIT_HINT),
    path: z.string().min(1).optional(),
  })
  .strict();
export type FeatureSource = z.infer<typeof FeatureSourceSchema>;

export const FeatureVersionInputSchema = z
  .object({
    name,
    version: z.string().min(1),
    kind: z.enum(['encoder', 'feature-pipeline']).default('feature-pipeline'),
    digest,
    config: z.record(z.string(), z.unknown()).default({}),
    source: FeatureSourceSchema.optional(),
  })
  .strict();
export type FeatureVersionInput = z.input<typeof FeatureVersionInputSchema>;

export const BackendSchema = z
  .object({
    url: z.url({ message: 'give an absolute http(s) URL such as http://127.0.0.1:9001' }),
    /** Relative share among this release's backends. */
    weight: z.number().min(0).default(1),
  })
  .strict();
export type Backend = z.infer<typeof BackendSchema>;

export const ServingConfigSchema = z
  .object({
    backends: z
      .array(BackendSchema)
      .min(1, 'a release needs at least one backend endpoint')
      // What every gateway would refuse is refused here (routing-rules.ts).
      .superRefine((backends, ctx) => {
        if (backends.length === 0) return;
        for (const issue of backendIssues(backends))
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }),
    timeoutMs: z.number().int().positive().max(600_000).default(5_000),
    /** Request headers forwarded to the backend (others are dropped). Empty = forward all. */
    passHeaders: z.array(z.string()).default([]),
    /**
     * Extra headers added to every backend request; credentials by reference only
     * (`valueFrom: { env | file }`, see backend-secrets.ts).
     */
    headers: BackendHeadersSchema.default({}),
    env: z.record(z.string(), z.string()).default({}),
    /** Upstream path or model name when it differs from the public one. */
    upstreamModel: z.string().optional(),
    healthPath: z.string().default('/healthz'),
    /**
     * How the controller checks the backends before they take traffic: `http` (default) GETs
     * `healthPath`; `grpc` calls the standard `grpc.health.v1.Health/Check`, as Kubernetes' gRPC
     * probes do, for a server that speaks gRPC only.
     */
    healthProtocol: z.enum(['http', 'grpc']).optional(),
    /** With `healthProtocol: grpc`: the service name to check (default "", the whole server). */
    healthService: z.string().optional(),
  })
  .strict()
  .superRefine((serving, ctx) => {
    if (serving.healthService !== undefined && serving.healthProtocol !== 'grpc')
      ctx.addIssue({
        code: 'custom',
        path: ['healthService'],
        message:
          'healthService is the grpc.health.v1 service to check: set healthProtocol: grpc, or remove it',
      });
  });
export type ServingConfig = z.infer<typeof ServingConfigSchema>;

export const ReleaseInputSchema = z
  .object({
    name,
    model: name,
    modelVersion: z.number().int().positive(),
    features: z.array(FeatureRefSchema).default([]),
    serving: ServingConfigSchema,
    description: z.string().default(''),
    healthyBaseline: z.boolean().default(false),
  })
  .strict();
export type ReleaseInput = z.input<typeof ReleaseInputSchema>;

export const ALIAS_WELL_KNOWN = ['production', 'staging', 'last-known-good'] as const;

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
