/**
 * Paced open-loop load over a set of gateways (undici pools), and per-gateway probes that tell when
 * each gateway stopped routing a model's canary users to the candidate (the x-ripcord-release
 * answer header, or x-ripcord-rerouted-from when a failed attempt was retried on stable).
 */
import { Pool } from 'undici';

const USERS = 10_000;

function body(user: number): string {
  return JSON.stringify({ instances: [{ user_id: `u${user}`, hour: 3, country: user % 3 ? 'us' : 'de' }] });
}

/** `routed`: the release the gateway picked (a failed attempt retried on stable names the first). */
async function predict(
  pool: Pool,
  model: string,
  user: number,
): Promise<{ status: number; routed?: string }> {
  const response = await pool.request({
    method: 'POST',
    path: `/v1/models/${model}:predict`,
    headers: { 'content-type': 'application/json', 'x-user-id': `u${user}` },
    body: body(user),
  });
  await response.body.dump();
  const header = response.headers['x-ripcord-rerouted-from'] ?? response.headers['x-ripcord-release'];
  const routed = Array.isArray(header) ? header[0] : header;
  return routed === undefined ? { status: response.statusCode } : { status: response.statusCode, routed };
}

export interface FleetLoad {
  pools: Pool[];
  /** Requests sent and answers that were not 2xx (or no answer) since the start. */
  stop(): Promise<{ sent: number; failed: number }>;
}

/** `rate` requests per second in total, each to the next gateway and a random model and user. */
export function startLoad(gateways: string[], models: string[], rate: number): FleetLoad {
  const pools = gateways.map((url) => new Pool(url, { connections: 32 }));
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  let failed = 0;
  let n = 0;
  let next = performance.now();
  const interval = 1000 / rate;
  const timer = setInterval(() => {
    const now = performance.now();
    while (next <= now) {
      next += interval;
      const pool = pools[n % pools.length]!;
      const model = models[Math.floor(Math.random() * models.length)]!;
      n += 1;
      sent += 1;
      const call = predict(pool, model, Math.floor(Math.random() * USERS)).then(
        (answer) => void (answer.status >= 300 && (failed += 1)),
        () => void (failed += 1),
      );
      inflight.add(call);
      void call.finally(() => inflight.delete(call));
    }
  }, 2);
  return {
    pools,
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inflight]);
      await Promise.allSettled(pools.map((p) => p.close()));
      return { sent, failed };
    },
  };
}

/** A user that `pool`'s gateway routes to `release` for `model` (sticky routing keeps it there). */
export async function userOn(
  pool: Pool,
  model: string,
  release: string,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (let user = USERS; Date.now() < deadline; user += 1) {
    const answer = await predict(pool, model, user);
    if (answer.routed === release) return user;
  }
  throw new Error(`no user routed to ${release} within ${timeoutMs} ms`);
}

export interface Probes {
  /** Epoch ms at which each gateway first routed a canary user to another release than `from`. */
  switched: Promise<(number | undefined)[]>;
  /** Answers from another release than `from` before the fault (a starved candidate's breaker, say). */
  early(): number;
  /** Counts switches from now on (`at`, epoch ms: the fault's onset); earlier ones are only counted as early. */
  arm(at: number): void;
  stop(): void;
}

/**
 * Each gateway asked every `intervalMs` for `model` as its own canary user; resolves once every
 * gateway, after `arm`, routes it to a release other than `from` (or after `timeoutMs`, with the
 * ones missing left undefined).
 */
export function probeSwitch(
  pools: Pool[],
  users: number[],
  model: string,
  from: string,
  intervalMs: number,
  timeoutMs: number,
): Probes {
  let stopped = false;
  let armedAt: number | undefined;
  let early = 0;
  const one = async (pool: Pool, user: number): Promise<number | undefined> => {
    const deadline = Date.now() + timeoutMs;
    while (!stopped && Date.now() < deadline) {
      const sentAt = Date.now();
      const answer = await predict(pool, model, user).catch(() => undefined);
      if (answer?.routed !== undefined && answer.routed !== from) {
        if (armedAt !== undefined && sentAt >= armedAt) return sentAt;
        early++;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - sentAt))));
    }
    return undefined;
  };
  return {
    switched: Promise.all(pools.map((pool, i) => one(pool, users[i]!))),
    early: () => early,
    arm: (at) => void (armedAt = at),
    stop: () => void (stopped = true),
  };
}
