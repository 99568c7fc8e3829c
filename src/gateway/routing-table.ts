/**
 * The compiled, frozen routing table the hot path reads. Built from a RoutingSnapshot by
 * compileRoutingTable() and swapped atomically: a request sees one table from start to end.
 */
import type { InputSchema, ServingProtocol } from '../registry/schemas.js';
import type { HeaderRegex } from './header-regex.js';
import type { JsonPath } from './json-path.js';

export interface CompiledBackend {
  /** As configured; also the key of the backend's connection pool and circuit breaker. */
  url: string;
  /** `http://host:port`, what the connection pool dials. */
  origin: string;
  /** Path prefix from the URL (no trailing slash), prepended to the upstream path. */
  basePath: string;
  /** Cumulative weight: pick the first backend whose `cumulative` exceeds r × total. */
  cumulative: number;
}

export interface CompiledRelease {
  name: string;
  model: string;
  modelVersion: number;
  /** `name@version` of every feature/encoder version in the bundle. */
  features: readonly string[];
  backends: readonly CompiledBackend[];
  totalWeight: number;
  timeoutMs: number;
  /** Name the upstream server knows the model by. */
  upstreamModel: string;
  /** Request headers forwarded (lower case); undefined = all but hop-by-hop. */
  passHeaders: ReadonlySet<string> | undefined;
  /** Flat [name, value, ...] added to every backend request (release, features, configured headers). */
  headers: readonly string[];
  /** A disabled flag gates one of its feature versions: it takes no traffic and cannot be pinned. */
  gated: boolean;
  /** The disabled flags (`name@version`) that gate it. */
  gatedBy: readonly string[];
}

/** Cumulative bucket ranges in basis points: a bucket below `end[i]` goes to `releases[i]`, else to stable. */
export interface Split {
  ends: readonly number[];
  releases: readonly CompiledRelease[];
}

export interface CompiledHeaderRoute {
  header: string;
  value: string | undefined;
  /** Linear-time (RE2) pattern: header values are the client's to choose. */
  regex: HeaderRegex | undefined;
  release: CompiledRelease;
}

export interface CompiledMirror {
  release: CompiledRelease;
  /** Share mirrored, in basis points. */
  bp: number;
  timeoutMs: number;
  maxConcurrency: number;
  maxQueue: number;
  segmentBy: readonly string[];
  numericTolerance: number;
  topK: number;
}

export interface CompiledFallback {
  release: CompiledRelease | undefined;
  static: { status: number; body: Buffer } | undefined;
}

export interface CompiledPolicy {
  revision: number;
  stable: CompiledRelease;
  split: Split;
  regionHeader: string;
  regions: ReadonlyMap<string, Split>;
  sticky: { source: 'header' | 'cookie' | 'json'; key: string; path: readonly string[] } | undefined;
  /** Hash seed so a user's bucket differs per model. */
  seed: number;
  headerRoutes: readonly CompiledHeaderRoute[];
  mirror: CompiledMirror | undefined;
  fallback: CompiledFallback | undefined;
  retryOnStable: boolean;
}

export interface CompiledModel {
  name: string;
  /** Revision of the snapshot this entry was compiled from (older than the table's when it failed since). */
  revision: number;
  protocol: ServingProtocol;
  predictions: JsonPath | undefined;
  inputSchema: InputSchema | undefined;
  releases: ReadonlyMap<string, CompiledRelease>;
  /** Undefined when the model has no traffic policy and not exactly one release. */
  policy: CompiledPolicy | undefined;
}

export interface RoutingTable {
  revision: number;
  models: ReadonlyMap<string, CompiledModel>;
  /** Every release, by name (release names are unique across models). */
  releases: ReadonlyMap<string, CompiledRelease>;
  /** Backend URLs in use, for pool and breaker lifecycle. */
  backendUrls: ReadonlySet<string>;
  /** Models whose part of this snapshot did not compile; each keeps its last good entry, if any. */
  failures: ReadonlyMap<string, ModelFailure>;
}

/** Why a model's part of the latest snapshot was refused, and what it serves meanwhile. */
export interface ModelFailure {
  model: string;
  /** The offending field, e.g. `releases[3] (recsys-v3).serving.backends[0].url`. */
  field: string;
  message: string;
  /** Revision of the first snapshot in a row that this model failed in. */
  since: number;
  /** Revision of the snapshot the model's served entry came from; undefined when it serves nothing. */
  servingRevision: number | undefined;
}
