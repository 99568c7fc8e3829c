/**
 * HAProxy as the data plane: a model's split becomes the weights of the servers of one HAProxy
 * backend, one server per release, set through the Runtime API (`set weight`), with no reload.
 * `applied` reads the weights back (`get weight`) and confirms they are the ones written for that
 * revision or a later one. HAProxy's weights are relative integers (0-256); percentages are
 * rounded to integers summing to 100 (route-weights.ts), 0 takes a server out of rotation.
 *
 * Latency and outcome per release come from HAProxy's own counters (haproxy-stats.ts) so the
 * judges keep working for latency and errors with HAProxy on the hot path; prediction-level
 * guards (diversity, drift, schema) need the request and response bodies, so they still need
 * ripcord's gateway. Expresses weights only.
 */
import type { TrafficPolicy } from '../../registry/traffic-policy.js';
import { confirmApplied } from '../../kubernetes/confirm-applied.js';
import { integerWeights, type ReleaseWeight } from '../../kubernetes/route-weights.js';
import { TrafficNotAppliedError, type TrafficRouter } from '../traffic-router.js';
import { runtimeApi, type RuntimeApi } from './runtime-api.js';

export interface HaproxyModelBackend {
  /** The HAProxy backend that serves the model. */
  backend: string;
  /** The server of each release in that backend; a release not listed uses its own name. */
  servers?: Readonly<Record<string, string>> | undefined;
}

export interface HaproxyRouterOptions {
  /** The Runtime API socket: a Unix socket path or host:port (`stats socket ... level admin`). */
  socket: string | RuntimeApi;
  models: Readonly<Record<string, HaproxyModelBackend>>;
  /** @default 2000 */
  deadlineMs?: number;
  /** @default 50 */
  pollMs?: number;
}

const NAME = /^[A-Za-z0-9._:-]+$/;

export function haproxyRouter(options: HaproxyRouterOptions): TrafficRouter {
  const api = typeof options.socket === 'string' ? runtimeApi(options.socket) : options.socket;
  const written = new Map<string, { revision: number; weights: ReleaseWeight[] }>();

  const target = (model: string) => {
    const entry = options.models[model];
    if (!entry) throw new TrafficNotAppliedError(`haproxy: no backend configured for model "${model}"`);
    const server = (release: string): string => {
      const name = entry.servers?.[release] ?? release;
      if (!NAME.test(name) || !NAME.test(entry.backend))
        throw new TrafficNotAppliedError(
          `haproxy: "${entry.backend}/${name}" is not a valid backend/server name`,
        );
      return `${entry.backend}/${name}`;
    };
    return { ...entry, server, label: `haproxy backend ${entry.backend} at ${api.address}` };
  };

  /** Every server of the releases in `weights`, and the servers set before that the policy no longer names (weight 0). */
  const plan = (model: string, weights: readonly ReleaseWeight[]): ReleaseWeight[] => {
    const before = written.get(model)?.weights ?? [];
    const gone = before
      .filter((w) => !weights.some((n) => n.release === w.release))
      .map((w) => ({ release: w.release, weight: 0 }));
    return [...weights, ...gone];
  };

  const readWeights = async (
    model: string,
    releases: readonly string[],
    signal?: AbortSignal,
  ): Promise<ReleaseWeight[]> => {
    const t = target(model);
    const answer = await api.run(
      releases.map((r) => `get weight ${t.server(r)}`),
      signal,
    );
    const lines = answer.split('\n').filter((l) => l.trim() !== '');
    return releases.map((release, i) => {
      const line = lines[i] ?? '';
      const weight = /^(\d+) \(initial \d+\)/.exec(line)?.[1];
      if (weight === undefined)
        throw new TrafficNotAppliedError(
          `haproxy: get weight ${t.server(release)} answered "${line.trim()}"`,
        );
      return { release, weight: Number(weight) };
    });
  };

  return {
    name: 'haproxy',
    capabilities: { weights: true, regions: false, headerRoutes: false, mirror: false, sticky: false },

    async apply(policy: TrafficPolicy, signal?: AbortSignal): Promise<void> {
      signal?.throwIfAborted();
      const t = target(policy.model);
      const previous = written.get(policy.model);
      if (previous && previous.revision > policy.revision) return;
      const weights = plan(policy.model, integerWeights(policy));
      // Servers that keep or gain traffic are set before those going to 0, so no request in
      // between finds every server of the backend at weight 0 (a 503 during a flip).
      const ordered = [...weights.filter((w) => w.weight > 0), ...weights.filter((w) => w.weight === 0)];
      const answer = await api.run(
        ordered.map((w) => `set weight ${t.server(w.release)} ${w.weight}`),
        signal,
      );
      // `set weight` answers nothing on success; anything else is HAProxy refusing (e.g. "No such server.").
      if (answer.trim() !== '')
        throw new TrafficNotAppliedError(`haproxy: set weight on ${t.label} refused: ${answer.trim()}`);
      written.set(policy.model, { revision: policy.revision, weights });
    },

    async applied(model: string, revision: number, signal?: AbortSignal): Promise<void> {
      const t = target(model);
      await confirmApplied({
        laggard: t.label,
        deadlineMs: options.deadlineMs ?? 2_000,
        pollMs: options.pollMs ?? 50,
        signal,
        check: async () => {
          const expected = written.get(model);
          if (!expected || expected.revision < revision)
            return `policy revision ${revision} was not set here (last set: ${expected?.revision ?? 'none'})`;
          const actual = await readWeights(
            model,
            expected.weights.map((w) => w.release),
            signal,
          );
          const differs = actual.filter((a, i) => a.weight !== expected.weights[i]?.weight);
          return differs.length === 0
            ? undefined
            : `weights are ${actual.map((a) => `${a.release} ${a.weight}`).join(', ')}, not ${expected.weights.map((w) => `${w.release} ${w.weight}`).join(', ')}`;
        },
      });
    },
  };
}
