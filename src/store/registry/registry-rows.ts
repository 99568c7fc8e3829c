/** Row ↔ record mapping for the registry tables (JSON stored as text, booleans as 0/1). */
import type { Selectable } from 'kysely';
import type {
  AliasesTable,
  AuditTable,
  FeaturesTable,
  FlagsTable,
  ModelsTable,
  ModelVersionsTable,
  ReleasesTable,
  TokensTable,
  TrafficPoliciesTable,
} from '../database.js';
import type { FeatureSource, InputSchema, Role, ServingProtocol } from '../../registry/schemas.js';
import type { TrafficPolicy, TrafficPolicySpec } from '../../registry/traffic-policy.js';
import type {
  Alias,
  AuditEntry,
  FeatureVersion,
  Flag,
  Model,
  ModelVersion,
  Release,
  TokenInfo,
} from '../../registry/types.js';

export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function parse<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

export function toModel(row: Selectable<ModelsTable>): Model {
  return {
    name: row.name,
    owner: row.owner,
    description: row.description,
    protocol: row.protocol as ServingProtocol,
    predictionPath: row.prediction_path ?? undefined,
    inputSchema: parse<InputSchema>(row.input_schema) ?? undefined,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toVersion(row: Selectable<ModelVersionsTable>): ModelVersion {
  return {
    model: row.model,
    version: row.version,
    label: row.label ?? undefined,
    artifactUri: row.artifact_uri,
    digest: row.digest,
    framework: row.framework,
    metrics: parse(row.metrics) ?? {},
    tags: parse(row.tags) ?? {},
    compatibleFeatures: parse(row.compatible_features) ?? [],
    archived: row.archived === 1,
    ...(row.dataset_version ? { datasetVersion: row.dataset_version } : {}),
    ...(row.training_config_commit ? { trainingConfigCommit: row.training_config_commit } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function toFeature(row: Selectable<FeaturesTable>): FeatureVersion {
  return {
    name: row.name,
    version: row.version,
    kind: row.kind as FeatureVersion['kind'],
    digest: row.digest,
    config: parse(row.config) ?? {},
    ...(row.source ? { source: parse<FeatureSource>(row.source) ?? undefined } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function toRelease(row: Selectable<ReleasesTable>): Release {
  return {
    name: row.name,
    model: row.model,
    modelVersion: row.model_version,
    features: parse(row.features) ?? [],
    serving: parse(row.serving) as Release['serving'],
    description: row.description,
    healthyBaseline: row.healthy_baseline === 1,
    archived: row.archived === 1,
    marks: parse(row.marks) ?? [],
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

export function toAlias(row: Selectable<AliasesTable>): Alias & { model: string } {
  return {
    model: row.model,
    name: row.name,
    release: row.release,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function toFlag(row: Selectable<FlagsTable>): Flag {
  return {
    key: row.key,
    enabled: row.enabled === 1,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function toPolicy(row: Selectable<TrafficPoliciesTable>): TrafficPolicy {
  return {
    ...(JSON.parse(row.spec) as TrafficPolicySpec),
    revision: row.revision,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function toAudit(row: Selectable<AuditTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    reason: row.reason ?? undefined,
    before: parse(row.before),
    after: parse(row.after),
    requestId: row.request_id ?? undefined,
  };
}

export function toToken(row: Selectable<TokensTable>): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
