/** The API's JSON shapes the dashboard reads (a subset; see /api/v1/openapi.json for all of them). */
export type Role = 'viewer' | 'operator' | 'admin';

export interface Whoami {
  name: string;
  role: Role;
}

export interface Model {
  name: string;
  owner: string;
  description: string;
}

export interface AliasView {
  model: string;
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
}

export interface Weight {
  release: string;
  weight: number;
}

export interface TrafficPolicy {
  model: string;
  stable: string;
  weights: Weight[];
  mirror?: { release: string; percent: number } | undefined;
  headerRoutes: { release: string }[];
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

export interface FeatureRef {
  name: string;
  version: string;
}

export interface Release {
  name: string;
  model: string;
  modelVersion: number;
  features: FeatureRef[];
  serving: { backends: { url: string; weight?: number }[]; timeoutMs: number; healthPath: string };
  description: string;
  healthyBaseline: boolean;
  archived: boolean;
  marks: { kind: string; at: string; trigger: string; reason: string; role: string }[];
  createdBy: string;
}

export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

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
}

export interface TriggerReading {
  trigger: string;
  severity: 'hard' | 'soft' | 'observe';
  status: 'ok' | 'breach' | 'pending-breach' | 'insufficient-data';
  observed?: number;
  baseline?: number;
  message: string;
  consecutiveBreaches: number;
  pValue?: number;
}

export interface Decision {
  verdict: 'ROLLBACK_IMMEDIATELY' | 'INVESTIGATE_FIRST' | 'MONITOR';
  reason: string;
  trigger?: string;
  readings: TriggerReading[];
  insufficientData: boolean;
  at: number;
}

export interface StoredDecision {
  rollout: string;
  release: string;
  baseline: string;
  phase: string;
  candidateShare: number;
  decision: Decision;
}

export type CanaryStep = Record<string, unknown>;

export interface RolloutView {
  name: string;
  revision: number;
  spec: {
    model: string;
    release: string;
    canary?: { steps: CanaryStep[] };
    blueGreen?: Record<string, unknown>;
    shadow?: Record<string, unknown>;
    analysis?: { triggers?: string[] };
    guard?: { triggers?: string[] };
  };
  status: {
    phase: string;
    message: string;
    stepIndex: number;
    stage: string;
    stepStartedAt: number;
    startedAt: number;
    baseline: string;
    rollbackTarget: { release: string | null; reason: string; explanation: string };
    weight: number;
    mirrorPercent: number;
    promotedAt?: number;
    pausedBy?: string;
    hold?: { since: number; reason: string };
    lastDecision?: Decision;
    rollback?: {
      eventId: string;
      trigger: string;
      reason: string;
      target: string;
      actor: string;
      verification?: 'pending' | 'verified' | 'escalated';
      outcome?: 'succeeded' | 'failed';
    };
    alerts: { at: number; message: string }[];
  };
}

export interface RolloutEvent {
  rollout: string;
  at: number;
  type: 'phase' | 'step' | 'decision' | 'action' | 'alert' | 'incident';
  message: string;
  phase?: string;
  decision?: Decision;
}

export interface ActionRecord {
  actionId: string;
  name: string;
  step: number;
  status: string;
  startedAt: number;
  endedAt?: number;
  outcome?: { message?: string; [key: string]: unknown };
}

export interface PhaseSpan {
  phase: 'detection' | 'triage' | 'execution' | 'verification';
  from?: number;
  to?: number;
  ms?: number;
  running: boolean;
}

export interface Incident {
  id: string;
  model: string;
  release: string;
  target: string;
  rollout?: string;
  trigger: string;
  reason: string;
  severity: string;
  role: string;
  actor: string;
  status: 'detected' | 'triaged' | 'verifying' | 'resolved' | 'escalated';
  times: {
    onsetAt?: number;
    firstBreachAt: number;
    decidedAt?: number;
    trafficRestoredAt?: number;
    executedAt?: number;
    verifiedAt?: number;
    escalatedAt?: number;
  };
  actions: ActionRecord[];
  evidence: Record<string, unknown>;
  verification?: { recovered: boolean; message: string };
  escalation?: string;
  mttr: { phases: PhaseSpan[]; totalMs?: number; timeToMitigateMs?: number; complete: boolean };
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason?: string;
  before?: unknown;
  after?: unknown;
}

export interface DoctorCheck {
  name: string;
  status: string;
  detail?: string;
  fix?: string;
}

export interface Drill {
  name?: string;
  id?: string;
  model?: string;
  at?: string | number;
  startedAt?: string | number;
  endedAt?: string | number;
  finishedAt?: string | number;
  outcome?: string;
  status?: string;
}
