/**
 * Synthetic users at a steady rate: TF Serving predict calls through the gateway, keyed by
 * x-user-id, and (optionally) conversion KPIs fed back with `POST /feedback`, drawn from the
 * conversion rate the model server announces for each answer: one event per answer, or — as a
 * busy client would — every impression of a page of recommendations, posted in batches.
 */
import { Pool } from 'undici';

export interface LoadOptions {
  gatewayUrl: string;
  /** @default 200 */
  ratePerSecond?: number;
  /** @default 2000 */
  users?: number;
  /** The `hour` instance field of a request; @default a uniformly random hour. */
  hour?: (random: () => number) => number;
  /** Feed a conversion KPI back for every successful answer. @default false */
  feedback?: boolean;
  /**
   * Impressions each answer stands for (a page of recommendations): each converts on its own
   * and is fed back as one event naming the answer's request id. More than 1 posts the events
   * as JSON arrays of up to `feedbackBatch`, at least every 100 ms. @default 1
   */
  impressionsPerAnswer?: number;
  /** @default 5000 */
  feedbackBatch?: number;
  /** The gateway's feedback token (sent as a bearer token). */
  feedbackToken?: string;
}

export interface LoadStats {
  sent: number;
  answered: number;
  failed: number;
  feedbacks: number;
  /** Refused feedback posts (status and problem text), for a test's failure message. */
  feedbackErrors: string[];
  /** Answers per release (the x-ripcord-release response header). */
  byRelease: Record<string, number>;
  /**
   * Epoch ms at which the latest request answered by each release was sent. A request sent after
   * a routing change reached the gateway after it, so this bounds when a release last got users.
   */
  lastSentAt: Record<string, number>;
  /** Feature/encoder versions each release's backend received (echoed by the demo model server). */
  features: Record<string, string[]>;
}

export interface LoadGenerator {
  stats(): LoadStats;
  stop(): Promise<LoadStats>;
}

export function startLoad(options: LoadOptions): LoadGenerator {
  const pool = new Pool(options.gatewayUrl, { connections: 256 });
  const rate = options.ratePerSecond ?? 200;
  const users = options.users ?? 2_000;
  const hour = options.hour ?? ((random) => Math.floor(random() * 24));
  const stats: LoadStats = {
    sent: 0,
    answered: 0,
    failed: 0,
    feedbacks: 0,
    feedbackErrors: [],
    byRelease: {},
    lastSentAt: {},
    features: {},
  };
  const inflight = new Set<Promise<void>>();
  let stopped = false;
  let next = performance.now();

  const impressions = options.impressionsPerAnswer ?? 1;
  const feedbackHeaders: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.feedbackToken ? { authorization: `Bearer ${options.feedbackToken}` } : {}),
  };
  const batchSize = options.feedbackBatch ?? 5_000;
  let pending: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    const response = await pool.request({
      method: 'POST',
      path: '/feedback',
      headers: feedbackHeaders,
      body: `[${events.join(',')}]`,
    });
    const text = await response.body.text();
    if (response.statusCode < 300) stats.feedbacks += events.length;
    else stats.feedbackErrors.push(`${response.statusCode} ${text}`.slice(0, 300));
  };
  const track = (work: Promise<void>): void => {
    inflight.add(work);
    void work.catch(() => undefined).finally(() => inflight.delete(work));
  };

  const feedback = async (requestId: string, rateHeader: string | undefined): Promise<void> => {
    const conversion = Number(rateHeader ?? 'NaN');
    if (!Number.isFinite(conversion)) return;
    if (impressions > 1) {
      const id = JSON.stringify(requestId);
      for (let i = 0; i < impressions; i += 1)
        pending.push(
          `{"requestId":${id},"metric":"conversion","value":${Math.random() < conversion ? 1 : 0}}`,
        );
      if (pending.length >= batchSize) track(flush());
      return;
    }
    const response = await pool.request({
      method: 'POST',
      path: '/feedback',
      headers: feedbackHeaders,
      body: JSON.stringify({ requestId, metric: 'conversion', value: Math.random() < conversion ? 1 : 0 }),
    });
    await response.body.dump();
    if (response.statusCode < 300) stats.feedbacks += 1;
  };

  const fire = async (): Promise<void> => {
    const user = Math.floor(Math.random() * users);
    const instance = { user_id: `u${user}`, hour: hour(Math.random), country: user % 3 === 0 ? 'de' : 'us' };
    stats.sent += 1;
    const sentAt = Date.now();
    try {
      const response = await pool.request({
        method: 'POST',
        path: '/v1/models/recsys:predict',
        headers: { 'content-type': 'application/json', 'x-user-id': `u${user}` },
        body: JSON.stringify({ instances: [instance] }),
      });
      await response.body.dump();
      const release = header(response.headers['x-ripcord-release']);
      if (release) {
        stats.byRelease[release] = (stats.byRelease[release] ?? 0) + 1;
        stats.lastSentAt[release] = Math.max(stats.lastSentAt[release] ?? 0, sentAt);
        const features = header(response.headers['x-ripcord-features']);
        const seen = (stats.features[release] ??= []);
        if (features && !seen.includes(features)) seen.push(features);
      }
      if (response.statusCode >= 500) {
        stats.failed += 1;
        return;
      }
      stats.answered += 1;
      const requestId = header(response.headers['x-request-id']);
      if (options.feedback && requestId)
        await feedback(requestId, header(response.headers['x-model-conversion-rate']));
    } catch {
      stats.failed += 1;
    }
  };

  const flusher = impressions > 1 ? setInterval(() => track(flush()), 100) : undefined;
  const timer = setInterval(() => {
    const now = performance.now();
    // After a stall, skip the backlog instead of bursting it: the rate stays steady.
    if (now - next > 1_000) next = now;
    while (!stopped && next <= now) {
      const pending = fire();
      inflight.add(pending);
      void pending.finally(() => inflight.delete(pending));
      next += 1000 / rate;
    }
  }, 5);

  return {
    stats: () => structuredClone(stats),
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(flusher);
      await Promise.allSettled([...inflight]);
      await flush().catch(() => undefined);
      await pool.close();
      return structuredClone(stats);
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
