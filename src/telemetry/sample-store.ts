/** Sampled request/response pairs per release, redacted on the way in, frozen as incident evidence. */
import { deserialize, serialize } from 'node:v8';

export interface SampleInput {
  model: string;
  release: string;
  at: number;
  request: { method?: string; path?: string; headers?: Record<string, unknown>; body?: unknown };
  response: { headers?: Record<string, unknown>; body?: unknown };
  status: number;
  latencyMs: number;
}

export type Sample = SampleInput;

export interface SampleOptions {
  /** Share of requests to keep, 0..1 (default 0.01). */
  rate?: number;
  /** Samples kept per (model, release); the oldest is overwritten (default 200). */
  capacity?: number;
  /** Body fields to redact, as dotted paths (`user.email`, `instances.*.ssn`; `*` matches any key or index). */
  redactPaths?: readonly string[];
  /**
   * Body field names redacted at any depth, in request and response (case, `_` and `-` ignored:
   * `apiKey` matches `api_key`). Added to DEFAULT_REDACTED_KEYS.
   */
  redactKeys?: readonly string[];
  /** Header names to redact (case-insensitive). Added to DEFAULT_REDACTED_HEADERS; authorization and cookies always are. */
  redactHeaders?: readonly string[];
  /** Query-string keys whose values are redacted in the request path (matched as `redactKeys`). Added to DEFAULT_REDACTED_QUERY_KEYS. */
  redactQueryKeys?: readonly string[];
  /** Use the DEFAULT_REDACTED_* lists (authorization and cookies are redacted regardless). @default true */
  redactDefaults?: boolean;
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

export const REDACTED = '[redacted]';
const ALWAYS_REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization'];
/** Credential headers redacted unless `redactDefaults: false`. */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = [
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
  'x-ripcord-pin-secret',
  'x-ripcord-signature',
];
/** Query keys whose values are redacted unless `redactDefaults: false`. */
export const DEFAULT_REDACTED_QUERY_KEYS: readonly string[] = [
  'api_key',
  'key',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth',
  'password',
  'secret',
  'client_secret',
  'signature',
  'sig',
  'session',
];
/** Body field names redacted at any depth unless `redactDefaults: false`. */
export const DEFAULT_REDACTED_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'authorization',
  'private_key',
  'credentials',
];

/** `apiKey`, `api_key` and `API-KEY` alike. */
const normalizeKey = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');

/**
 * A bounded ring of samples, each kept as one string: the structured-clone serialisation (the
 * algorithm behind structuredClone) in latin1. A parsed body is a tree of hundreds of small
 * objects; held for seconds they reach the old generation, where every major GC marks them. One
 * flat string per sample is a single leaf object, and reading it back yields a fresh deep copy.
 */
class Ring {
  private readonly items: string[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  push(sample: Sample): void {
    const packed = serialize(sample).toString('latin1');
    if (this.items.length < this.capacity) this.items.push(packed);
    else this.items[this.next] = packed;
    this.next = (this.next + 1) % this.capacity;
  }
  /** Oldest first, each a new deep copy. */
  toArray(): Sample[] {
    const ordered =
      this.items.length < this.capacity
        ? this.items
        : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
    return ordered.map((packed) => deserialize(Buffer.from(packed, 'latin1')) as Sample);
  }
}

function redactHeaders(
  headers: Record<string, unknown> | undefined,
  names: Set<string>,
): Record<string, unknown> | undefined {
  if (!headers) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = names.has(name.toLowerCase()) ? REDACTED : value;
  return out;
}

/** The request path with the values of credential query keys replaced. */
function redactQuery(path: string | undefined, keys: ReadonlySet<string>): string | undefined {
  const q = path?.indexOf('?') ?? -1;
  if (path === undefined || q < 0 || keys.size === 0) return path;
  const pairs = path
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const raw = eq < 0 ? pair : pair.slice(0, eq);
      let name = raw;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: compare the key as written.
      }
      return keys.has(normalizeKey(name)) ? `${raw}=${REDACTED}` : pair;
    });
  return `${path.slice(0, q + 1)}${pairs.join('&')}`;
}

/** Replaces, at any depth, the values of fields whose normalised name is in `keys`. */
function redactKeys(value: unknown, keys: ReadonlySet<string>, depth = 0): void {
  if (typeof value !== 'object' || value === null || depth > 64) return;
  if (Array.isArray(value)) {
    for (const item of value) redactKeys(item, keys, depth + 1);
    return;
  }
  const target = value as Record<string, unknown>;
  for (const k of Object.keys(target)) {
    if (keys.has(normalizeKey(k))) target[k] = REDACTED;
    else redactKeys(target[k], keys, depth + 1);
  }
}

function redactPath(value: unknown, path: readonly string[], depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  const key = path[depth]!;
  const target = value as Record<string, unknown>;
  const keys = key === '*' ? Object.keys(target) : key in target ? [key] : [];
  for (const k of keys) {
    if (depth === path.length - 1) target[k] = REDACTED;
    else redactPath(target[k], path, depth + 1);
  }
}

export class SampleStore {
  readonly rate: number;
  private readonly capacity: number;
  private readonly paths: string[][];
  private readonly headerNames: Set<string>;
  private readonly bodyKeys: Set<string>;
  private readonly queryKeys: Set<string>;
  private readonly random: () => number;
  private readonly rings = new Map<string, Ring>();

  constructor(options: SampleOptions = {}) {
    this.rate = options.rate ?? 0.01;
    if (!(this.rate >= 0 && this.rate <= 1)) throw new Error(`samples.rate: ${this.rate} is not within 0..1`);
    this.capacity = options.capacity ?? 200;
    if (!Number.isInteger(this.capacity) || this.capacity < 1)
      throw new Error(`samples.capacity: ${this.capacity} must be a positive integer`);
    this.paths = (options.redactPaths ?? []).map((p) => p.split('.'));
    const defaults = options.redactDefaults ?? true;
    this.headerNames = new Set(
      [
        ...ALWAYS_REDACTED_HEADERS,
        ...(defaults ? DEFAULT_REDACTED_HEADERS : []),
        ...(options.redactHeaders ?? []),
      ].map((h) => h.toLowerCase()),
    );
    this.bodyKeys = new Set(
      [...(defaults ? DEFAULT_REDACTED_KEYS : []), ...(options.redactKeys ?? [])].map(normalizeKey),
    );
    this.queryKeys = new Set(
      [...(defaults ? DEFAULT_REDACTED_QUERY_KEYS : []), ...(options.redactQueryKeys ?? [])].map(
        normalizeKey,
      ),
    );
    this.random = options.random ?? Math.random;
  }

  shouldSample(): boolean {
    return this.rate > 0 && this.random() < this.rate;
  }

  /** Stores a redacted deep copy; the caller's objects are never modified. */
  record(sample: SampleInput): void {
    // Headers are redacted into new objects; bodies are copied only when there are paths to
    // redact in them, since the ring's serialisation is itself a deep copy.
    const request = {
      ...sample.request,
      path: redactQuery(sample.request.path, this.queryKeys),
      headers: redactHeaders(sample.request.headers, this.headerNames),
    };
    if (request.path === undefined) delete request.path;
    const response = {
      ...sample.response,
      headers: redactHeaders(sample.response.headers, this.headerNames),
    };
    if (this.paths.length > 0 || this.bodyKeys.size > 0) {
      request.body = structuredClone(request.body);
      response.body = structuredClone(response.body);
      for (const path of this.paths) {
        redactPath(request.body, path, 0);
        redactPath(response.body, path, 0);
      }
      redactKeys(request.body, this.bodyKeys);
      redactKeys(response.body, this.bodyKeys);
    }
    const key = `${sample.model}\u0000${sample.release}`;
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring(this.capacity)));
    ring.push({ ...sample, request, response });
  }

  /** A copy of the release's current samples, oldest first, unaffected by later recording. */
  freeze(model: string, release: string): Sample[] {
    return this.rings.get(`${model}\u0000${release}`)?.toArray() ?? [];
  }
}
