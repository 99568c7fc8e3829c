/**
 * Child process (forked with IPC): paced open-loop users sending TF Serving predict requests
 * through the gateway, `rate` per second per model, keyed by x-user-id so sticky routing keeps a
 * user on one release. It notes which release answered each request (x-ripcord-release) and when
 * the request was sent, so the bench knows the last request the bad release served.
 *
 * Messages in: {type:'start', url, rate, models} and {type:'stop'}; out: {type:'summary', ...}.
 */
import { Pool } from 'undici';
import type { LoadMessage, LoadSummary, ModelLoad } from './load-protocol.js';

const USERS = 10_000;
let pool: Pool | undefined;
let timer: NodeJS.Timeout | undefined;
let summary: LoadSummary = { models: {} };
const inflight = new Set<Promise<void>>();

function fire(model: string, load: ModelLoad): void {
  const user = Math.floor(Math.random() * USERS);
  const body = JSON.stringify({
    instances: [
      { user_id: `u${user}`, hour: new Date().getUTCHours(), country: user % 3 === 0 ? 'de' : 'us' },
    ],
  });
  const sentAt = Date.now();
  load.sent += 1;
  const request = pool!
    .request({
      method: 'POST',
      path: `/v1/models/${model}:predict`,
      headers: { 'content-type': 'application/json', 'x-user-id': `u${user}` },
      body,
    })
    .then(async (response) => {
      await response.body.dump();
      if (response.statusCode >= 500) load.failed += 1;
      const header = response.headers['x-ripcord-release'];
      const release = Array.isArray(header) ? header[0] : header;
      if (!release) return;
      const seen = (load.releases[release] ??= { count: 0, firstSentAt: sentAt, lastSentAt: sentAt });
      seen.count += 1;
      seen.firstSentAt = Math.min(seen.firstSentAt, sentAt);
      seen.lastSentAt = Math.max(seen.lastSentAt, sentAt);
    })
    .catch(() => {
      load.failed += 1;
    });
  inflight.add(request);
  void request.finally(() => inflight.delete(request));
}

function start(url: string, rate: number, models: string[]): void {
  pool = new Pool(url, { connections: 64 });
  summary = { models: Object.fromEntries(models.map((m) => [m, { sent: 0, failed: 0, releases: {} }])) };
  const interval = 1000 / rate;
  let next = performance.now();
  // Open loop: requests leave on schedule whether or not earlier ones have answered.
  timer = setInterval(() => {
    const now = performance.now();
    while (next <= now) {
      for (const model of models) fire(model, summary.models[model]!);
      next += interval;
    }
  }, 2);
}

async function stop(): Promise<LoadSummary> {
  if (timer) clearInterval(timer);
  timer = undefined;
  await Promise.allSettled([...inflight]);
  await pool?.close();
  pool = undefined;
  return summary;
}

process.on('message', (message: LoadMessage) => {
  if (message.type === 'start') start(message.url, message.rate, message.models);
  else if (message.type === 'stop') void stop().then((s) => process.send?.({ type: 'summary', ...s }));
  else if (message.type === 'exit') process.exit(0);
});
process.send?.({ type: 'ready' });
