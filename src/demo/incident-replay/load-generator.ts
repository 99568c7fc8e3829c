/**
 * Paced synthetic users for the demo: each sends TF Serving predict requests through the gateway,
 * keyed by x-user-id so sticky routing keeps a user on one release.
 */
import { Pool } from 'undici';

export interface LoadGenerator {
  readonly sent: number;
  readonly failed: number;
  stop(): Promise<void>;
}

export function startLoad(options: {
  gatewayUrl: string;
  ratePerSecond: number;
  users?: number;
}): LoadGenerator {
  const pool = new Pool(options.gatewayUrl, { connections: 16 });
  const users = options.users ?? 2_000;
  let sent = 0;
  let failed = 0;
  let stopped = false;
  const interval = 1000 / options.ratePerSecond;
  let next = performance.now();
  const inflight = new Set<Promise<void>>();

  const fire = (): void => {
    const user = Math.floor(Math.random() * users);
    const body = JSON.stringify({
      instances: [
        { user_id: `u${user}`, hour: new Date().getUTCHours(), country: user % 3 === 0 ? 'de' : 'us' },
      ],
    });
    sent += 1;
    const request = pool
      .request({
        method: 'POST',
        path: '/v1/models/recsys:predict',
        headers: { 'content-type': 'application/json', 'x-user-id': `u${user}` },
        body,
      })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode >= 500) failed += 1;
      })
      .catch(() => {
        failed += 1;
      });
    inflight.add(request);
    void request.finally(() => inflight.delete(request));
  };

  const timer = setInterval(() => {
    const now = performance.now();
    while (!stopped && next <= now) {
      fire();
      next += interval;
    }
  }, 5);

  return {
    get sent() {
      return sent;
    },
    get failed() {
      return failed;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inflight]);
      await pool.close();
    },
  };
}
