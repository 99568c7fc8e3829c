/** Table columns per resource; JSON and YAML output always carry every field. */
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import type {
  Alias,
  AliasMove,
  AuditEntry,
  FeatureVersion,
  Flag,
  Model,
  ModelVersion,
  Release,
  TokenInfo,
} from '../registry/types.js';
import { age } from './output.js';
import type { Column, Naming } from './output.js';
import type { RolloutView } from './commands/rollout-watch.js';
import type { Incident } from '../incidents/incident.js';
import { recoveryColumns } from '../incidents/recovery-time.js';

export const modelColumns: Column<Model>[] = [
  { header: 'NAME', value: (m) => m.name },
  { header: 'OWNER', value: (m) => m.owner },
  { header: 'PROTOCOL', value: (m) => m.protocol },
  { header: 'REVISION', value: (m) => m.revision },
  { header: 'DESCRIPTION', value: (m) => m.description, wide: true },
  { header: 'AGE', value: (m) => age(m.createdAt) },
];

export const versionColumns: Column<ModelVersion>[] = [
  { header: 'MODEL', value: (v) => v.model },
  { header: 'VERSION', value: (v) => v.version },
  { header: 'LABEL', value: (v) => v.label },
  { header: 'DIGEST', value: (v) => `${v.digest.slice(0, 19)}…` },
  { header: 'COMPATIBLE', value: (v) => v.compatibleFeatures.map((f) => `${f.name}@${f.version}`).join(',') },
  { header: 'ARCHIVED', value: (v) => v.archived },
  { header: 'FRAMEWORK', value: (v) => v.framework, wide: true },
  { header: 'DATASET', value: (v) => v.datasetVersion, wide: true },
  { header: 'ARTIFACT', value: (v) => v.artifactUri, wide: true },
  { header: 'AGE', value: (v) => age(v.createdAt) },
];

export const featureColumns: Column<FeatureVersion>[] = [
  { header: 'NAME', value: (f) => f.name },
  { header: 'VERSION', value: (f) => f.version },
  { header: 'KIND', value: (f) => f.kind },
  { header: 'DIGEST', value: (f) => `${f.digest.slice(0, 19)}…` },
  { header: 'AGE', value: (f) => age(f.createdAt) },
];

export const releaseColumns: Column<Release>[] = [
  { header: 'NAME', value: (r) => r.name },
  { header: 'MODEL', value: (r) => `${r.model}@${r.modelVersion}` },
  { header: 'FEATURES', value: (r) => r.features.map((f) => `${f.name}@${f.version}`).join(',') },
  { header: 'BACKENDS', value: (r) => r.serving.backends.map((b) => b.url).join(',') },
  { header: 'BASELINE', value: (r) => r.healthyBaseline },
  {
    header: 'STATE',
    value: (r) => (r.marks.length > 0 ? 'rolled-back' : r.archived ? 'archived' : 'active'),
  },
  { header: 'CREATED BY', value: (r) => r.createdBy, wide: true },
  { header: 'DESCRIPTION', value: (r) => r.description, wide: true },
  { header: 'AGE', value: (r) => age(r.createdAt) },
];

export const aliasColumns: Column<Alias & { model: string }>[] = [
  { header: 'MODEL', value: (a) => a.model },
  { header: 'ALIAS', value: (a) => a.name },
  { header: 'RELEASE', value: (a) => a.release },
  { header: 'REVISION', value: (a) => a.revision },
  { header: 'BY', value: (a) => a.updatedBy },
  { header: 'SINCE', value: (a) => a.updatedAt },
];

export const aliasMoveColumns: Column<AliasMove>[] = [
  { header: 'AT', value: (m) => m.at },
  { header: 'FROM', value: (m) => m.from },
  { header: 'TO', value: (m) => m.to },
  { header: 'ACTOR', value: (m) => m.actor },
  { header: 'REASON', value: (m) => m.reason },
];

export const flagColumns: Column<Flag>[] = [
  { header: 'KEY', value: (f) => f.key },
  { header: 'ENABLED', value: (f) => f.enabled },
  { header: 'REVISION', value: (f) => f.revision },
  { header: 'BY', value: (f) => f.updatedBy },
  { header: 'SINCE', value: (f) => f.updatedAt, wide: true },
];

export const trafficColumns: Column<TrafficPolicy>[] = [
  { header: 'MODEL', value: (p) => p.model },
  { header: 'STABLE', value: (p) => p.stable },
  { header: 'WEIGHTS', value: (p) => p.weights.map((w) => `${w.release}=${w.weight}%`).join(',') },
  { header: 'STICKY', value: (p) => (p.sticky ? `${p.sticky.source}:${p.sticky.key}` : undefined) },
  { header: 'MIRROR', value: (p) => (p.mirror ? `${p.mirror.release}=${p.mirror.percent}%` : undefined) },
  { header: 'REVISION', value: (p) => p.revision },
];

export const auditColumns: Column<AuditEntry>[] = [
  { header: 'SEQ', value: (e) => e.seq },
  { header: 'AT', value: (e) => e.at },
  { header: 'ACTOR', value: (e) => e.actor },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => e.target },
  { header: 'REASON', value: (e) => e.reason },
];

export const tokenColumns: Column<TokenInfo>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name },
  { header: 'ROLE', value: (t) => t.role },
  { header: 'CREATED BY', value: (t) => t.createdBy },
  { header: 'AGE', value: (t) => age(t.createdAt) },
];

export const rolloutColumns: Column<RolloutView>[] = [
  { header: 'NAME', value: (r) => r.name },
  { header: 'MODEL', value: (r) => r.spec.model },
  { header: 'RELEASE', value: (r) => r.spec.release },
  {
    header: 'STRATEGY',
    value: (r) => (r.spec.canary ? 'canary' : r.spec.blueGreen ? 'blue-green' : 'shadow'),
  },
  { header: 'PHASE', value: (r) => r.status.phase },
  { header: 'WEIGHT', value: (r) => `${r.status.weight}%` },
  { header: 'ROLLBACK TARGET', value: (r) => r.status.rollbackTarget.release ?? 'fallback' },
  { header: 'STEP', value: (r) => (r.spec.canary ? r.status.stepIndex : r.status.stage), wide: true },
  { header: 'STARTED', value: (r) => new Date(r.status.startedAt).toISOString(), wide: true },
  { header: 'MESSAGE', value: (r) => r.status.message },
];

export const incidentColumns: Column<Incident>[] = [
  { header: 'ID', value: (i) => i.id },
  { header: 'MODEL', value: (i) => i.model },
  { header: 'PULLED', value: (i) => i.release },
  { header: 'TARGET', value: (i) => i.target },
  { header: 'STATUS', value: (i) => (i.drill ? `${i.status} (drill)` : i.status) },
  { header: 'DECIDED', value: (i) => new Date(i.times.decidedAt ?? i.times.firstBreachAt).toISOString() },
  { header: 'TRIGGER', value: (i) => i.trigger },
  // The same two figures, rounded the same way, as `describe`, the report and the demo.
  { header: 'RECOVERED', value: (i) => recoveryColumns(i).recover },
  { header: 'RESTORED', value: (i) => recoveryColumns(i).restore },
  { header: 'SEVERITY', value: (i) => i.severity, wide: true },
  { header: 'FROM', value: (i) => (i.times.onsetAt === undefined ? 'first breach' : 'onset') },
];

/** `-o name`: what each kind is called, as `get KIND NAME` accepts it back. */
export const modelNaming: Naming<Model> = { kind: 'model', name: (m) => m.name };
export const versionNaming: Naming<ModelVersion> = {
  kind: 'version',
  name: (v) => `${v.model}@${v.version}`,
};
export const featureNaming: Naming<FeatureVersion> = {
  kind: 'feature',
  name: (f) => `${f.name}@${f.version}`,
};
export const releaseNaming: Naming<Release> = { kind: 'release', name: (r) => r.name };
export const aliasNaming: Naming<Alias & { model: string }> = {
  kind: 'alias',
  name: (a) => `${a.model}:${a.name}`,
};
export const flagNaming: Naming<Flag> = { kind: 'flag', name: (f) => f.key };
export const trafficNaming: Naming<TrafficPolicy> = { kind: 'traffic', name: (p) => p.model };
export const tokenNaming: Naming<TokenInfo> = { kind: 'token', name: (t) => t.id };
export const auditNaming: Naming<AuditEntry> = { kind: 'audit', name: (e) => String(e.seq) };
export const rolloutNaming: Naming<RolloutView> = { kind: 'rollout', name: (r) => r.name };
export const incidentNaming: Naming<Incident> = { kind: 'incident', name: (i) => i.id };
