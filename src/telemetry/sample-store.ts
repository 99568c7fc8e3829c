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
  /** Header names to redact (case-insensitive); authorization, cookie and set-cookie always are. */
  redactHeaders?: readonly string[];
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

export const REDACTED = '[redacted]';
const ALWAYS_REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization'];

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
  private readonly random: () => number;
  private readonly rings = new Map<string, Ring>();

  constructor(options: SampleOptions = {}) {
    this.rate = options.rate ?? 0.01;
    if (!(this.rate >= 0 && this.rate <= 1)) throw new Error(`samples.rate: ${this.rate} is not within 0..1`);
    this.capacity = options.capacity ?? 200;
    if (!Number.isInteger(this.capacity) || this.capacity < 1)
      throw new Error(`samples.capacity: ${this.capacity} must be a positive integer`);
    this.paths = (options.redactPaths ?? []).map((p) => p.split('.'));
    this.headerNames = new Set(
      [...ALWAYS_REDACTED_HEADERS, ...(options.redactHeaders ?? [])].map((h) => h.toLowerCase()),
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
    const request = { ...sample.request, headers: redactHeaders(sample.request.headers, this.headerNames) };
    const response = {
      ...sample.response,
      headers: redactHeaders(sample.response.headers, this.headerNames),
    };
    if (this.paths.length > 0) {
      request.body = structuredClone(request.body);
      response.body = structuredClone(response.body);
      for (const path of this.paths) {
        redactPath(request.body, path, 0);
        redactPath(response.body, path, 0);
      }
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
