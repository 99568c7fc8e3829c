/** Stored registry records, as returned by the registry and the API. */
import type {
  FeatureRef,
  FeatureSource,
  InputSchema,
  Role,
  ServingConfig,
  ServingProtocol,
} from './schemas.js';

/** Fields every mutable record carries for optimistic concurrency. */
export interface Revisioned {
  /** Starts at 1; every write bumps it. A write naming an older revision gets a ConflictError. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface Model extends Revisioned {
  name: string;
  owner: string;
  description: string;
  protocol: ServingProtocol;
  predictionPath?: string | undefined;
  inputSchema?: InputSchema | undefined;
}

export interface ModelVersion {
  model: string;
  version: number;
  label?: string | undefined;
  artifactUri: string;
  digest: string;
  framework: string;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  compatibleFeatures: FeatureRef[];
  /** The dataset version it was trained on (e.g. a DVC tag or a lakeFS commit). */
  datasetVersion?: string | undefined;
  /** The commit of the training configuration it was trained with. */
  trainingConfigCommit?: string | undefined;
  /** Versions are archived, never deleted. */
  archived: boolean;
  createdAt: string;
  createdBy: string;
}

export interface FeatureVersion {
  name: string;
  version: string;
  kind: 'encoder' | 'feature-pipeline';
  digest: string;
  config: Record<string, unknown>;
  /** Where the pipeline's code lives: the commit a rollback checks out again. */
  source?: FeatureSource | undefined;
  createdAt: string;
  createdBy: string;
}

/** The role a release held in a rollout: what a rollback pulled it from. */
export type ReleaseRole = 'canary' | 'green' | 'shadow' | 'production';

/** A mark left on a release by a rollback: why it was pulled, by what, when. */
export interface ReleaseMark {
  kind: 'rolled-back';
  eventId: string;
  at: string;
  trigger: string;
  reason: string;
  /** The alias role the release held when it was pulled (e.g. production). */
  role: ReleaseRole;
}

/** An immutable bundle: model version + feature/encoder versions + serving config. */
export interface Release extends Revisioned {
  name: string;
  model: string;
  modelVersion: number;
  features: FeatureRef[];
  serving: ServingConfig;
  description: string;
  /** Mutable operational marks (the bundle itself never changes). */
  healthyBaseline: boolean;
  archived: boolean;
  marks: ReleaseMark[];
  createdBy: string;
}

export interface Alias extends Revisioned {
  name: string;
  release: string;
  updatedBy: string;
}

export interface AliasMove {
  alias: string;
  from: string | null;
  to: string | null;
  actor: string;
  reason: string;
  at: string;
  requestId?: string | undefined;
}

/** A switch that gates a feature/encoder version (`name@version`) in serving. */
export interface Flag extends Revisioned {
  key: string;
  enabled: boolean;
  updatedBy: string;
}

export interface AuditEntry {
  /** Monotonic sequence number; the trail is append-only. */
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason?: string | undefined;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
}

export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
}

/** Per component: what changed between two releases (model, features, serving). */
export interface ReleaseDiff {
  from: string;
  to: string;
  model: { from: string; to: string; changed: boolean; changes: FieldChange[] };
  features: {
    added: FeatureRef[];
    removed: FeatureRef[];
    changed: { name: string; from: string; to: string }[];
  };
  serving: { changed: boolean; changes: FieldChange[] };
  /** The training data behind each model version: dataset version and training-config commit. */
  data?: { changed: boolean; changes: FieldChange[] } | undefined;
}

export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** Where a rollback would go, and why that one. */
export interface RollbackCandidate {
  release: string;
  reason: 'designated' | 'healthy-baseline' | 'previous-production';
  explanation: string;
}
