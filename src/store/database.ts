/**
 * Table shapes as Kysely sees them. JSON columns are stored as text and booleans as 0/1
 * integers on every dialect, so one set of queries serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface ModelsTable {
  name: string;
  owner: string;
  description: string;
  protocol: string;
  prediction_path: string | null;
  input_schema: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface ModelVersionsTable {
  model: string;
  version: number;
  label: string | null;
  artifact_uri: string;
  digest: string;
  framework: string;
  metrics: string;
  tags: string;
  compatible_features: string;
  archived: number;
  created_at: string;
  created_by: string;
}

export interface FeaturesTable {
  name: string;
  version: string;
  kind: string;
  digest: string;
  config: string;
  created_at: string;
  created_by: string;
}

export interface ReleasesTable {
  name: string;
  model: string;
  model_version: number;
  features: string;
  serving: string;
  description: string;
  healthy_baseline: number;
  archived: number;
  marks: string;
  revision: number;
  created_at: string;
  updated_at: string;
  created_by: string;
}

export interface AliasesTable {
  model: string;
  name: string;
  release: string;
  revision: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface AliasMovesTable {
  id: Generated<number>;
  model: string;
  alias: string;
  from_release: string | null;
  to_release: string | null;
  actor: string;
  reason: string;
  at: string;
  request_id: string | null;
}

export interface FlagsTable {
  key: string;
  enabled: number;
  revision: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface TrafficPoliciesTable {
  model: string;
  spec: string;
  revision: number;
  updated_at: string;
  updated_by: string;
}

export interface AuditTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

export interface TokensTable {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

/** Generic JSON documents with a revision: rollouts, incidents and other controller state. */
export interface DocumentsTable {
  kind: string;
  id: string;
  body: string;
  revision: number;
  created_at: string;
  updated_at: string;
  /** The body's format version (DocumentKindOptions.version); 1 for documents written before it existed. */
  version: Generated<number>;
}

/** Exactly-once journal for controller actions: a row is written before and after each action. */
export interface ActionJournalTable {
  action_id: string;
  owner: string;
  name: string;
  step: number;
  status: string;
  started_at: number;
  ended_at: number | null;
  outcome: string | null;
}

/** Remote gateways' telemetry posts, shared by control-plane replicas for a few minutes. */
export interface FleetBucketsTable {
  gateway: string;
  instance: string;
  seq: number;
  received_at: number;
  /** The post's buckets, JSON (SerializedBucket[]). */
  body: string;
}

export interface Database {
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  features: FeaturesTable;
  releases: ReleasesTable;
  aliases: AliasesTable;
  alias_moves: AliasMovesTable;
  flags: FlagsTable;
  traffic_policies: TrafficPoliciesTable;
  audit: AuditTable;
  tokens: TokensTable;
  documents: DocumentsTable;
  action_journal: ActionJournalTable;
  fleet_buckets: FleetBucketsTable;
}
