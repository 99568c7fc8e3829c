/**
 * The gateway's input: a plain, JSON-serializable snapshot of what the registry says should be
 * served, and its compilation, model by model, into the frozen in-memory RoutingTable the hot
 * path reads. The release and header-route rules come from registry/routing-rules.ts, which the
 * registry enforces at write time too.
 */
import { ValidationError } from '../core/errors.js';
import { releaseIdentityHeaders } from '../registry/release-headers.js';
import {
  backendIssues,
  compileHeaderPattern,
  formatRulePath,
  headerRouteIssues,
} from '../registry/routing-rules.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import type { Flag, Model, Release } from '../registry/types.js';
import { resolveBackendHeaders } from './backend-headers.js';
import { headerNameProblem, headerValueProblem } from './header-field.js';
import { compileJsonPath } from './json-path.js';
import type {
  CompiledBackend,
  CompiledFallback,
  CompiledMirror,
  CompiledModel,
  CompiledPolicy,
  CompiledRelease,
  ModelFailure,
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
  /**
   * Per model, the KPI names its rollouts' kpi triggers watch: the names `POST /feedback`
   * accepts for it (with the gateway's own feedback.kpis).
   */
  kpis?: Record<string, string[]>;
}

/** Policy fields compileRoutingTable fills in when a snapshot omits them (plain JSON input). */
type LoosePolicy = Partial<TrafficPolicy> & Pick<TrafficPolicy, 'model' | 'stable'>;

const bp = (percent: number): number => Math.round(percent * 100);

function compileRelease(release: Release, field: string): CompiledRelease {
  const serving = release.serving;
  const at = `${field}.serving.backends`;
  const issue = backendIssues(serving?.backends ?? [])[0];
  if (issue) {
    const path = formatRulePath([at, ...issue.path]);
    throw new ValidationError(path, `${path}: ${issue.message}`);
  }
  let total = 0;
  const backends: CompiledBackend[] = serving.backends.map((b) => {
    const url = new URL(b.url);
    total += b.weight ?? 1;
    return { url: b.url, origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), cumulative: total };
  });
  const features = release.features.map((f) => `${f.name}@${f.version}`);
  const headers = releaseIdentityHeaders(release);
  const extra = resolveBackendHeaders(serving.headers, field);
  for (let i = 0; i + 1 < extra.length; i += 2) {
    const name = extra[i]!;
    const value = extra[i + 1]!;
    const problem = headerNameProblem(name) ?? headerValueProblem(value);
    if (problem) {
      const at = `${field}.serving.headers[${JSON.stringify(name)}]`;
      throw new ValidationError(at, `${at}: ${problem}`);
    }
    headers.push(name, value);
  }
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
    gatedBy: [],
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
    const issue = headerRouteIssues(r)[0];
    if (issue) {
      const path = formatRulePath([at, ...issue.path]);
      throw new ValidationError(path, `${path}: ${issue.message}`);
    }
    const regex = r.value === undefined && r.regex !== undefined ? compileHeaderPattern(r.regex) : undefined;
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

/** Compiles one model's part of a snapshot: its releases and its policy. Throws on the first problem. */
function compileModel(
  name: string,
  model: Model | undefined,
  own: readonly { release: Release; index: number }[],
  policy: LoosePolicy | undefined,
  disabled: ReadonlySet<string>,
  revision: number,
): { model: CompiledModel | undefined; releases: Map<string, CompiledRelease> } {
  const releases = new Map<string, CompiledRelease>();
  for (const { release, index } of own) {
    const compiled = compileRelease(release, `releases[${index}] (${release.name})`);
    compiled.gatedBy = compiled.features.filter((f) => disabled.has(f));
    compiled.gated = compiled.gatedBy.length > 0;
    releases.set(release.name, Object.freeze(compiled));
  }
  if (!model) {
    if (policy)
      throw new ValidationError(
        `policies.${name}`,
        `policies.${name}: no model "${name}" in this snapshot; add the model or drop the policy`,
      );
    return { model: undefined, releases };
  }
  // A model with one release and no policy serves that release: the single-release default.
  const effective =
    policy ?? (releases.size === 1 ? { model: name, stable: [...releases.keys()][0]! } : undefined);
  return {
    releases,
    model: Object.freeze({
      name,
      revision,
      protocol: model.protocol,
      predictions: model.predictionPath
        ? compileJsonPath(model.predictionPath, `models.${name}.predictionPath`)
        : undefined,
      inputSchema: model.inputSchema,
      releases,
      policy: effective ? Object.freeze(compilePolicy(effective, releases, `policies.${name}`)) : undefined,
    }),
  };
}

/**
 * Validates and compiles a snapshot, one model at a time: a model whose releases or policy do
 * not compile keeps the entry it had in `previous` (if any) and is listed in `failures` with the
 * field and the fix, while every other model moves on to the new snapshot. One bad release can
 * therefore never freeze the routing of another model.
 */
export function compileRoutingTable(snapshot: RoutingSnapshot, previous?: RoutingTable): RoutingTable {
  const disabled = new Set(snapshot.flags.filter((f) => !f.enabled).map((f) => f.key));
  const byModel = new Map<string, { release: Release; index: number }[]>();
  snapshot.releases.forEach((release, index) => {
    const list = byModel.get(release.model);
    if (list) list.push({ release, index });
    else byModel.set(release.model, [{ release, index }]);
  });
  const policies = new Map(snapshot.policies.map((p) => [p.model, p as LoosePolicy]));
  const definitions = new Map(snapshot.models.map((m) => [m.name, m]));
  const names = new Set([...definitions.keys(), ...byModel.keys(), ...policies.keys()]);
  const models = new Map<string, CompiledModel>();
  const releases = new Map<string, CompiledRelease>();
  const failures = new Map<string, ModelFailure>();
  for (const name of names) {
    try {
      const compiled = compileModel(
        name,
        definitions.get(name),
        byModel.get(name) ?? [],
        policies.get(name),
        disabled,
        snapshot.revision,
      );
      if (compiled.model) models.set(name, compiled.model);
      for (const [key, release] of compiled.releases) releases.set(key, release);
    } catch (error) {
      const held = previous?.models.get(name);
      const field = error instanceof ValidationError ? error.field : `models.${name}`;
      failures.set(name, {
        model: name,
        field,
        message: error instanceof Error ? error.message : String(error),
        since: previous?.failures.get(name)?.since ?? snapshot.revision,
        servingRevision: held?.revision,
      });
      if (held) models.set(name, held);
      for (const release of previous?.releases.values() ?? [])
        if (release.model === name) releases.set(release.name, release);
    }
  }
  const backendUrls = new Set<string>();
  for (const release of releases.values()) for (const b of release.backends) backendUrls.add(b.url);
  return Object.freeze({ revision: snapshot.revision, models, releases, backendUrls, failures });
}
