/**
 * Paced synthetic requests through the gateway during a drill, so the judges have data on a
 * quiet model: TF Serving predict requests for distinct users (sticky keys), at a fixed rate.
 */
import { Pool } from 'undici';

export interface SyntheticLoad {
  readonly sent: number;
  stop(): Promise<void>;
}

export function startSyntheticLoad(gatewayUrl: string, model: string, ratePerSecond: number): SyntheticLoad {
  const pool = new Pool(gatewayUrl, { connections: 16 });
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  let next = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    while (next <= now) {
      next += 1000 / ratePerSecond;
      const user = `drill-u${sent % 1000}`;
      sent += 1;
      const request = pool
        .request({
          method: 'POST',
          path: `/v1/models/${encodeURIComponent(model)}:predict`,
          headers: { 'content-type': 'application/json', 'x-user-id': user },
          body: JSON.stringify({ instances: [{ user_id: user, hour: new Date().getUTCHours() }] }),
        })
        .then((response) => response.body.dump())
        .catch(() => undefined);
      inflight.add(request);
      void request.finally(() => inflight.delete(request));
    }
  }, 5);
  return {
    get sent() {
      return sent;
    },
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inflight]);
      await pool.close();
    },
  };
}
