/**
 * The registry contract: the single source of truth for what exists and what is live.
 * Implemented over the store (store/registry/create-registry.ts); every implementation passes
 * registry.contract.ts. Consumed by the API, the CLI (through the API), the controller and the
 * gateway's routing source. Every mutation takes an Actor and is written to the audit trail in
 * the same transaction.
 */
import type { FeatureVersionInput, ModelInput, ModelVersionInput, ReleaseInput, Role } from './schemas.js';
import type { TrafficPolicy, TrafficPolicyInput } from './traffic-policy.js';
import type {
  Alias,
  AliasMove,
  AuditEntry,
  FeatureVersion,
  Flag,
  Model,
  ModelVersion,
  Release,
  ReleaseDiff,
  ReleaseMark,
  RollbackCandidate,
  TokenInfo,
} from './types.js';

/** Who is acting and why; recorded with every change. */
export interface Actor {
  actor: string;
  reason?: string | undefined;
  requestId?: string | undefined;
}

/** Pass the revision you read to make a write conditional; omit it to write unconditionally. */
export interface IfRevision {
  expectedRevision?: number | undefined;
}

export interface AuditQuery {
  target?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** ISO time or epoch ms bounds. */
  since?: string | undefined;
  until?: string | undefined;
  afterSeq?: number | undefined;
  limit?: number | undefined;
}

/** A change notification: the gateway's routing source and SSE streams subscribe to these. */
export interface RegistryChange {
  kind: 'model' | 'version' | 'feature' | 'release' | 'alias' | 'flag' | 'traffic' | 'token';
  name: string;
  action: string;
}

/** Changes that alter the routing snapshot gateways compile (models, releases, flags, policies). */
export const ROUTING_CHANGE_KINDS: readonly RegistryChange['kind'][] = [
  'model',
  'release',
  'flag',
  'traffic',
];

export interface Registry {
  // Models
  upsertModel(input: ModelInput, actor: Actor & IfRevision): Promise<Model>;
  getModel(name: string): Promise<Model>;
  listModels(): Promise<Model[]>;

  // Model versions (immutable; re-registering with a different digest is a ConflictError)
  registerVersion(
    input: ModelVersionInput,
    actor: Actor,
  ): Promise<{ version: ModelVersion; created: boolean }>;
  getVersion(model: string, version: number): Promise<ModelVersion>;
  listVersions(model?: string): Promise<ModelVersion[]>;
  archiveVersion(model: string, version: number, actor: Actor): Promise<ModelVersion>;
  /** Always refused with an ImmutableError that says why and what to do instead. */
  deleteVersion(model: string, version: number, actor: Actor): Promise<never>;

  // Feature pipeline / encoder versions (immutable)
  registerFeature(
    input: FeatureVersionInput,
    actor: Actor,
  ): Promise<{ feature: FeatureVersion; created: boolean }>;
  getFeature(name: string, version: string): Promise<FeatureVersion>;
  listFeatures(name?: string): Promise<FeatureVersion[]>;

  // Releases (immutable bundles; only marks, baseline and archived change)
  createRelease(input: ReleaseInput, actor: Actor): Promise<{ release: Release; created: boolean }>;
  getRelease(name: string): Promise<Release>;
  listReleases(model?: string): Promise<Release[]>;
  setHealthyBaseline(name: string, healthy: boolean, actor: Actor & IfRevision): Promise<Release>;
  archiveRelease(name: string, actor: Actor & IfRevision): Promise<Release>;
  markRelease(name: string, mark: ReleaseMark, actor: Actor): Promise<Release>;
  diffReleases(from: string, to: string): Promise<ReleaseDiff>;

  // Aliases, with full history
  setAlias(model: string, alias: string, release: string, actor: Actor & IfRevision): Promise<Alias>;
  getAlias(model: string, alias: string): Promise<Alias>;
  listAliases(model?: string): Promise<(Alias & { model: string })[]>;
  aliasHistory(model: string, alias: string): Promise<AliasMove[]>;
  /** Which release the alias pointed at, at that instant (null if none). */
  aliasAt(model: string, alias: string, at: string): Promise<string | null>;
  /**
   * Where a rollback of `exclude` would go: explicit last-known-good > newest healthy baseline >
   * newest earlier production release; null with a reason. `exclude` defaults to the release the
   * production alias points at now (the one a rollback would pull).
   */
  rollbackCandidate(
    model: string,
    exclude?: string,
  ): Promise<RollbackCandidate | { release: null; explanation: string }>;

  // Flags gating feature/encoder versions
  setFlag(key: string, enabled: boolean, actor: Actor & IfRevision): Promise<Flag>;
  getFlag(key: string): Promise<Flag | undefined>;
  listFlags(): Promise<Flag[]>;

  // Traffic policies (desired routing per model)
  setTrafficPolicy(input: TrafficPolicyInput, actor: Actor & IfRevision): Promise<TrafficPolicy>;
  getTrafficPolicy(model: string): Promise<TrafficPolicy | undefined>;
  listTrafficPolicies(): Promise<TrafficPolicy[]>;

  // Audit trail (append-only; there is no update or delete)
  audit(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Append an entry for a change made outside the registry (controller actions, incidents). */
  recordAudit(entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<AuditEntry>;

  // Tokens (stored hashed; the secret is returned once, at creation)
  createToken(name: string, role: Role, actor: Actor): Promise<{ token: string; info: TokenInfo }>;
  /** The token's info when the secret is valid, otherwise undefined. */
  authenticate(secret: string): Promise<TokenInfo | undefined>;
  listTokens(): Promise<TokenInfo[]>;
  revokeToken(id: string, actor: Actor): Promise<void>;

  /**
   * Runs `work` as one transaction: every registry change made inside it (and every document the
   * same store holds, such as rollouts) commits together with its audit entries, or nothing does.
   * Listeners hear of the changes after the commit.
   */
  atomically<T>(work: () => Promise<T>): Promise<T>;

  /** Subscribe to committed changes; returns an unsubscribe function. */
  onChange(listener: (change: RegistryChange) => void): () => void;
  close(): Promise<void>;
}
