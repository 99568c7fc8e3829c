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
import type { Column } from './output.js';

export const modelColumns: Column<Model>[] = [
  { header: 'NAME', value: (m) => m.name },
  { header: 'OWNER', value: (m) => m.owner },
  { header: 'PROTOCOL', value: (m) => m.protocol },
  { header: 'REVISION', value: (m) => m.revision },
  { header: 'AGE', value: (m) => age(m.createdAt) },
];

export const versionColumns: Column<ModelVersion>[] = [
  { header: 'MODEL', value: (v) => v.model },
  { header: 'VERSION', value: (v) => v.version },
  { header: 'LABEL', value: (v) => v.label },
  { header: 'DIGEST', value: (v) => `${v.digest.slice(0, 19)}…` },
  { header: 'COMPATIBLE', value: (v) => v.compatibleFeatures.map((f) => `${f.name}@${f.version}`).join(',') },
  { header: 'ARCHIVED', value: (v) => v.archived },
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
