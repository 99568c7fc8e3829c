/** Sampled request/response pairs per release, redacted on the way in, frozen as incident evidence. */

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

class Ring {
  private readonly items: Sample[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  push(sample: Sample): void {
    if (this.items.length < this.capacity) this.items.push(sample);
    else this.items[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }
  /** Oldest first. */
  toArray(): Sample[] {
    return this.items.length < this.capacity
      ? [...this.items]
      : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
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
    const copy = structuredClone({ request: { ...sample.request }, response: { ...sample.response } });
    copy.request.headers = redactHeaders(copy.request.headers, this.headerNames);
    copy.response.headers = redactHeaders(copy.response.headers, this.headerNames);
    for (const path of this.paths) {
      redactPath(copy.request.body, path, 0);
      redactPath(copy.response.body, path, 0);
    }
    const key = `${sample.model}\u0000${sample.release}`;
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring(this.capacity)));
    ring.push({ ...sample, request: copy.request, response: copy.response });
  }

  /** A copy of the release's current samples, oldest first, unaffected by later recording. */
  freeze(model: string, release: string): Sample[] {
    return structuredClone(this.rings.get(`${model}\u0000${release}`)?.toArray() ?? []);
  }
}
