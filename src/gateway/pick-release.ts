/**
 * The splitter: which release serves a request. Order: pin header, header-match routes, then
 * the bucket split (per region when the region has its own weights). A bucket comes from the
 * hashed sticky key, or is random when the policy is not sticky or the key is absent.
 */
import { sameSecret } from './gateway-secret.js';
import { policyReleases } from './policy-releases.js';
import { rawHeader } from './raw-header.js';
import type { CompiledModel, CompiledPolicy, CompiledRelease, Split } from './routing-table.js';
import { BUCKETS, stickyBucket } from './sticky-bucket.js';

export const PIN_HEADER = 'x-ripcord-release';
/** Carries the operator's pin secret (GatewayOptions.pinSecret): pins any release of the model. */
export const PIN_SECRET_HEADER = 'x-ripcord-pin-secret';

/**
 * `pin`: a client pinned a release of the policy (served, recorded apart from the judges' view);
 * `operator-pin`: pinned with the operator's pin secret (test traffic, e.g. a blue/green
 * pre-promotion analysis: recorded as the release's own).
 */
export type PickReason = 'pin' | 'operator-pin' | 'header' | 'split';

export interface Pick {
  release: CompiledRelease;
  reason: PickReason;
}

/** The release for `bucket` (0..9999): canaries hold the ranges from 0 up, in policy order; stable the rest. */
export function releaseForBucket(split: Split, stable: CompiledRelease, bucket: number): CompiledRelease {
  const { ends } = split;
  for (let i = 0; i < ends.length; i++) if (bucket < ends[i]!) return split.releases[i]!;
  return stable;
}

/** Request headers as Node's `rawHeaders` ([name, value, ...], names in any case). */
export type RawHeaders = readonly string[];

const headerValue = rawHeader;

export function cookieValue(cookie: string | undefined, name: string): string | undefined {
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function jsonField(body: unknown, path: readonly string[]): unknown {
  let v: unknown = body;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The session key the policy is sticky on, or undefined (then the request gets a random bucket). */
export function stickyKey(policy: CompiledPolicy, headers: RawHeaders, body: unknown): string | undefined {
  const s = policy.sticky;
  if (!s) return undefined;
  if (s.source === 'header') return headerValue(headers, s.key);
  if (s.source === 'cookie') return cookieValue(headerValue(headers, 'cookie'), s.key);
  let v = jsonField(body, s.path);
  // Row-based protocols: a field of the first instance, so `user_id` works for {"instances":[{...}]}.
  if (v === undefined && body && typeof body === 'object') {
    const rows = (body as { instances?: unknown }).instances;
    if (Array.isArray(rows)) v = jsonField(rows[0], s.path);
  }
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function pickRelease(
  model: CompiledModel,
  policy: CompiledPolicy,
  headers: RawHeaders,
  body: unknown,
  region: string,
  random: () => number,
  pinSecret?: Buffer,
): Pick | { error: string; status: 400 | 403 } {
  const pin = headerValue(headers, PIN_HEADER);
  if (pin !== undefined) {
    const release = model.releases.get(pin);
    const pinnable = (): string => [...policyReleases(policy)].map((r) => r.name).join(', ');
    if (!release)
      return {
        status: 400,
        error: `${PIN_HEADER}: "${pin}" is not a release of model "${model.name}"; pin one of ${pinnable()}`,
      };
    if (release.gated)
      return {
        status: 400,
        error: `${PIN_HEADER}: release "${pin}" is gated by a disabled feature flag; enable the flag first`,
      };
    if (operatorPin(headers, pinSecret)) return { release, reason: 'operator-pin' };
    if (!policyReleases(policy).has(release))
      return {
        status: 403,
        error: `${PIN_HEADER}: release "${pin}" is not in the traffic policy of model "${model.name}"; pin one of ${pinnable()}, or send the operator's ${PIN_SECRET_HEADER}`,
      };
    return { release, reason: 'pin' };
  }
  for (const route of policy.headerRoutes) {
    const v = headerValue(headers, route.header);
    if (v === undefined) continue;
    if (route.value !== undefined ? v === route.value : route.regex!.test(v))
      return { release: route.release.gated ? policy.stable : route.release, reason: 'header' };
  }
  const split = (region && policy.regions.get(region)) || policy.split;
  if (split.ends.length === 0) return { release: policy.stable, reason: 'split' };
  const key = stickyKey(policy, headers, body);
  const bucket = key !== undefined ? stickyBucket(key, policy.seed) : Math.floor(random() * BUCKETS);
  return { release: releaseForBucket(split, policy.stable, bucket), reason: 'split' };
}

function operatorPin(headers: RawHeaders, secret: Buffer | undefined): boolean {
  const given = secret && headerValue(headers, PIN_SECRET_HEADER);
  return given !== undefined && given !== '' && sameSecret(given, secret!);
}
