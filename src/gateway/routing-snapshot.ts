/**
 * The gateway's input: a plain, JSON-serializable snapshot of what the registry says should be
 * served, and its compilation into the frozen in-memory RoutingTable the hot path reads.
 */
import { ValidationError } from '../core/errors.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import type { Flag, Model, Release } from '../registry/types.js';
import { resolveBackendHeaders } from './backend-headers.js';
import { compileJsonPath } from './json-path.js';
import type {
  CompiledBackend,
  CompiledFallback,
  CompiledMirror,
  CompiledModel,
  CompiledPolicy,
  CompiledRelease,
  RoutingTable,
  Split,
} from './routing-table.js';
import { BUCKETS, hashString } from './sticky-bucket.js';

export interface RoutingSnapshot {
  /** Monotonic; a remote gateway ignores a snapshot older than the one it holds. */
  revision: number;
  models: Model[];
  releases: Release[];
  policies: TrafficPolicy[];
  flags: Flag[];
}

/** Policy fields compileRoutingTable fills in when a snapshot omits them (plain JSON input). */
type LoosePolicy = Partial<TrafficPolicy> & Pick<TrafficPolicy, 'model' | 'stable'>;

const bp = (percent: number): number => Math.round(percent * 100);

function compileRelease(release: Release, field: string): CompiledRelease {
  const serving = release.serving;
  if (!serving?.backends?.length)
    throw new ValidationError(`${field}.serving.backends`, `${field}: release needs at least one backend`);
  let total = 0;
  const backends: CompiledBackend[] = serving.backends.map((b, i) => {
    let url: URL;
    try {
      url = new URL(b.url);
    } catch {
      throw new ValidationError(
        `${field}.serving.backends[${i}].url`,
        `${field}.serving.backends[${i}].url: "${b.url}" is not an absolute URL; use e.g. http://127.0.0.1:9001`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ValidationError(
        `${field}.serving.backends[${i}].url`,
        `${field}.serving.backends[${i}].url: use http:// or https:// (got ${url.protocol})`,
      );
    total += b.weight ?? 1;
    return { url: b.url, origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), cumulative: total };
  });
  if (!(total > 0))
    throw new ValidationError(
      `${field}.serving.backends`,
      `${field}: backend weights sum to 0; give one a weight > 0`,
    );
  const features = release.features.map((f) => `${f.name}@${f.version}`);
  const headers: string[] = [
    'x-ripcord-release',
    release.name,
    'x-ripcord-model-version',
    String(release.modelVersion),
  ];
  if (features.length > 0) headers.push('x-ripcord-features', features.join(','));
  for (const f of release.features) headers.push(`x-ripcord-feature-${f.name}`, f.version);
  headers.push(...resolveBackendHeaders(serving.headers, field));
  const pass = serving.passHeaders ?? [];
  return {
    name: release.name,
    model: release.model,
    modelVersion: release.modelVersion,
    features,
    backends,
    totalWeight: total,
    timeoutMs: serving.timeoutMs ?? 5_000,
    upstreamModel: serving.upstreamModel ?? release.model,
    passHeaders: pass.length > 0 ? new Set(pass.map((h) => h.toLowerCase())) : undefined,
    headers,
    gated: false,
  };
}

function compileSplit(
  weights: readonly { release: string; weight: number }[],
  stable: CompiledRelease,
  lookup: (name: string, field: string) => CompiledRelease,
  field: string,
): Split {
  const ends: number[] = [];
  const releases: CompiledRelease[] = [];
  let end = 0;
  weights.forEach((w, i) => {
    const release = lookup(w.release, `${field}[${i}].release`);
    const width = bp(w.weight);
    if (width <= 0) return;
    end += width;
    if (end > BUCKETS)
      throw new ValidationError(
        field,
        `${field}: weights add up to more than 100 %; lower them so stable keeps the rest`,
      );
    ends.push(end);
    // A gated release keeps its bucket range (so other canaries do not shift) but serves it from stable.
    releases.push(release.gated ? stable : release);
  });
  return { ends, releases };
}

function compilePolicy(
  policy: LoosePolicy,
  releases: ReadonlyMap<string, CompiledRelease>,
  field: string,
): CompiledPolicy {
  const lookup = (name: string, at: string): CompiledRelease => {
    const r = releases.get(name);
    if (!r)
      throw new ValidationError(
        at,
        `${at}: release "${name}" is not a release of model "${policy.model}" in this snapshot; known: ${[...releases.keys()].join(', ') || 'none'}`,
      );
    return r;
  };
  const stable = lookup(policy.stable, `${field}.stable`);
  const regions = new Map<string, Split>();
  for (const [region, weights] of Object.entries(policy.regions ?? {}))
    regions.set(region, compileSplit(weights, stable, lookup, `${field}.regions.${region}`));
  const sticky = policy.sticky
    ? {
        source: policy.sticky.source,
        key: policy.sticky.source === 'header' ? policy.sticky.key.toLowerCase() : policy.sticky.key,
        path: policy.sticky.key.split('.'),
      }
    : undefined;
  const headerRoutes = (policy.headerRoutes ?? []).map((r, i) => {
    const at = `${field}.headerRoutes[${i}]`;
    let regex: RegExp | undefined;
    if (r.regex !== undefined)
      try {
        regex = new RegExp(r.regex);
      } catch (error) {
        throw new ValidationError(`${at}.regex`, `${at}.regex: ${(error as Error).message}`);
      }
    if (r.value === undefined && regex === undefined)
      throw new ValidationError(at, `${at}: give "value" (exact match) or "regex"`);
    return {
      header: r.header.toLowerCase(),
      value: r.value,
      regex,
      release: lookup(r.release, `${at}.release`),
    };
  });
  let mirror: CompiledMirror | undefined;
  if (policy.mirror) {
    const m = policy.mirror;
    mirror = {
      release: lookup(m.release, `${field}.mirror.release`),
      bp: bp(m.percent),
      timeoutMs: m.timeoutMs ?? 2_000,
      maxConcurrency: m.maxConcurrency ?? 32,
      maxQueue: m.maxQueue ?? 256,
      segmentBy: m.segmentBy ?? [],
      numericTolerance: m.compare?.numericTolerance ?? 1e-6,
      topK: m.compare?.topK ?? 10,
    };
  }
  let fallback: CompiledFallback | undefined;
  if (policy.fallback && (policy.fallback.release !== undefined || policy.fallback.static !== undefined)) {
    const s = policy.fallback.static;
    fallback = {
      release:
        policy.fallback.release !== undefined
          ? lookup(policy.fallback.release, `${field}.fallback.release`)
          : undefined,
      static: s ? { status: s.status ?? 200, body: Buffer.from(JSON.stringify(s.body ?? null)) } : undefined,
    };
  }
  return {
    revision: policy.revision ?? 0,
    stable,
    split: compileSplit(policy.weights ?? [], stable, lookup, `${field}.weights`),
    regionHeader: (policy.regionHeader ?? 'x-region').toLowerCase(),
    regions,
    sticky,
    seed: hashString(policy.model),
    headerRoutes,
    mirror,
    fallback,
    retryOnStable: policy.retryOnStable ?? true,
  };
}

/**
 * Validates and compiles a snapshot. All or nothing: a snapshot with one bad policy throws a
 * ValidationError naming the field, and the gateway keeps serving its previous table.
 */
export function compileRoutingTable(snapshot: RoutingSnapshot): RoutingTable {
  const disabled = new Set(snapshot.flags.filter((f) => !f.enabled).map((f) => f.key));
  const releases = new Map<string, CompiledRelease>();
  const byModel = new Map<string, Map<string, CompiledRelease>>();
  const backendUrls = new Set<string>();
  snapshot.releases.forEach((release, i) => {
    const compiled = compileRelease(release, `releases[${i}] (${release.name})`);
    if (compiled.features.some((f) => disabled.has(f))) compiled.gated = true;
    releases.set(release.name, Object.freeze(compiled));
    let list = byModel.get(release.model);
    if (!list) byModel.set(release.model, (list = new Map()));
    list.set(release.name, compiled);
    for (const b of compiled.backends) backendUrls.add(b.url);
  });
  const policies = new Map(snapshot.policies.map((p) => [p.model, p as LoosePolicy]));
  const models = new Map<string, CompiledModel>();
  for (const model of snapshot.models) {
    const own = byModel.get(model.name) ?? new Map<string, CompiledRelease>();
    let policy = policies.get(model.name);
    // A model with one release and no policy serves that release: the single-release default.
    if (!policy && own.size === 1) policy = { model: model.name, stable: [...own.keys()][0]! };
    models.set(
      model.name,
      Object.freeze({
        name: model.name,
        protocol: model.protocol,
        predictions: model.predictionPath
          ? compileJsonPath(model.predictionPath, `models.${model.name}.predictionPath`)
          : undefined,
        inputSchema: model.inputSchema,
        releases: own,
        policy: policy ? Object.freeze(compilePolicy(policy, own, `policies.${model.name}`)) : undefined,
      }),
    );
  }
  for (const model of policies.keys())
    if (!models.has(model))
      throw new ValidationError(
        `policies.${model}`,
        `policies.${model}: no model "${model}" in this snapshot; add the model or drop the policy`,
      );
  return Object.freeze({ revision: snapshot.revision, models, releases, backendUrls });
}
