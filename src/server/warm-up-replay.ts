/**
 * The warm-up replayer (controller/warm-up/warm-target.ts): sends a release's own recently
 * sampled inference requests (the gateway's sample store) straight to its backends, with the
 * release's identity and serving headers, and times each answer. A sampled request is replayed
 * only whole: one whose body or query was redacted, or that failed the first time, is skipped;
 * when none is left the rollout's recorded examples are sent instead, and the reading says why.
 */
import { request } from 'undici';
import { ValidationError } from '../core/errors.js';
import { resolveBackendHeaders } from '../gateway/backend-headers.js';
import { jsonPassthrough } from '../gateway/protocols/json-passthrough.js';
import { kserveV2 } from '../gateway/protocols/kserve-v2.js';
import type { ProtocolAdapter } from '../gateway/protocols/protocol.js';
import { tfserving } from '../gateway/protocols/tfserving.js';
import { releaseIdentityHeaders } from '../registry/release-headers.js';
import type { Release } from '../registry/types.js';
import { REDACTED, type Sample } from '../telemetry/sample-store.js';
import type { WarmUpExample } from '../controller/warm-up/warm-up-spec.js';
import type { WarmUpReplay, WarmUpReplayer, WarmUpSource } from '../controller/warm-up/warm-target.js';

export interface WarmUpReplayOptions {
  /** The release's sampled request/response pairs, oldest first (the gateway's SampleStore.freeze). */
  samples(model: string, release: string): readonly Sample[];
  /** @default TF Serving, KServe v2 and JSON passthrough at /json/, as the gateway serves them */
  protocols?: readonly ProtocolAdapter[] | undefined;
}

interface Call {
  path: string;
  method: string;
  body: unknown;
}

const DEFAULT_PROTOCOLS = [tfserving, kserveV2, jsonPassthrough()];

function mentionsRedacted(value: unknown): boolean {
  if (value === REDACTED) return true;
  if (typeof value === 'string')
    return value.includes(encodeURIComponent(REDACTED)) || value.includes(REDACTED);
  if (Array.isArray(value)) return value.some(mentionsRedacted);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(mentionsRedacted);
  return false;
}

/** The public path of a request, as the release's backends know it (upstream model name, base path). */
function upstreamUrl(
  protocols: readonly ProtocolAdapter[],
  release: Release,
  backendUrl: string,
  call: Call,
): string | undefined {
  const [path = '', query] = call.path.split('?', 2);
  for (const protocol of protocols) {
    const match = protocol.match(path, call.method);
    if (!match?.inference || match.model !== release.model) continue;
    const base = new URL(backendUrl);
    const upstream = protocol.upstreamPath(release.serving.upstreamModel ?? release.model, match.suffix);
    return `${base.origin}${base.pathname.replace(/\/+$/, '')}${upstream}${query === undefined ? '' : `?${query}`}`;
  }
  return undefined;
}

export function httpWarmUpReplayer(options: WarmUpReplayOptions): WarmUpReplayer {
  const protocols = options.protocols ?? DEFAULT_PROTOCOLS;
  const replayable = (release: Release, call: Call) =>
    upstreamUrl(protocols, release, release.serving.backends[0]?.url ?? 'http://invalid', call) !== undefined;

  function choose(
    release: Release,
    fromSampled: boolean,
    examples: readonly WarmUpExample[],
  ): { calls: Call[]; source: WarmUpSource } {
    let note = 'fromSampledTraffic: false';
    if (fromSampled) {
      const samples = options.samples(release.model, release.name);
      const whole = samples
        .filter((s) => s.status >= 200 && s.status < 300)
        .map((s) => ({
          path: s.request.path ?? '',
          method: s.request.method ?? 'POST',
          body: s.request.body,
        }))
        .filter((c) => replayable(release, c) && !mentionsRedacted(c.body) && !mentionsRedacted(c.path));
      if (whole.length > 0) return { calls: whole.reverse(), source: { kind: 'sampled' } };
      note =
        samples.length === 0
          ? `no sampled traffic of ${release.name} in this control plane`
          : `none of ${samples.length} sampled request(s) of ${release.name} can be replayed whole (redacted or failed)`;
    }
    const calls = examples.map((e) => ({ path: e.path, method: e.method, body: e.body }));
    const unusable = calls.findIndex((c) => !replayable(release, c));
    if (unusable >= 0)
      throw new ValidationError(
        `warmUp.examples[${unusable}].path`,
        `warmUp.examples[${unusable}].path: "${calls[unusable]!.path}" is not an inference call of model ${release.model} (e.g. POST /v1/models/${release.model}:predict)`,
      );
    if (calls.length === 0)
      throw new ValidationError(
        'warmUp.examples',
        `warmUp.examples: nothing to warm ${release.name} up with (${note}); record example requests in warmUp.examples`,
      );
    return { calls, source: { kind: 'examples', note } };
  }

  return {
    async replay(release, spec) {
      const { calls, source } = choose(release, spec.fromSampledTraffic, spec.examples);
      const headers = [
        ...releaseIdentityHeaders(release),
        ...resolveBackendHeaders(release.serving.headers, `release ${release.name}`),
        'content-type',
        'application/json',
      ];
      const latenciesMs: number[] = [];
      const failures: string[] = [];
      const backends = release.serving.backends;
      for (let i = 0; i < spec.requests; i += 1) {
        const call = calls[i % calls.length]!;
        const backend = backends[i % backends.length]!;
        const url = upstreamUrl(protocols, release, backend.url, call)!;
        const started = performance.now();
        try {
          const response = await request(url, {
            method: call.method as 'POST',
            headers,
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
            headersTimeout: release.serving.timeoutMs,
            bodyTimeout: release.serving.timeoutMs,
          });
          await response.body.dump();
          if (response.statusCode >= 200 && response.statusCode < 300)
            latenciesMs.push(performance.now() - started);
          else failures.push(`${backend.url} answered ${response.statusCode}`);
        } catch (error) {
          failures.push(`${backend.url} unreachable (${(error as Error).message})`);
        }
      }
      return {
        source,
        latenciesMs,
        failures: [...new Set(failures)],
        sent: spec.requests,
      } satisfies WarmUpReplay;
    },
  };
}
