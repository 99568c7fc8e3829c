/**
 * The control plane's cost per remote gateway: G gateways each post one second of buckets
 * (M models × 2 releases, R req/s spread over them) to a real control plane over HTTP, every
 * second of simulated time, as `ripcord gateway` ships them. Printed beside the peer in the same
 * run: the same buckets merged by `importBuckets` in process, as a node:cluster primary merges its
 * workers'. CPU-seconds beside wall-clock; RSS and heap after, per gateway.
 *
 *   npx tsx bench/fleet/ingest.ts [--gateways 10] [--models 100] [--rate 500] [--seconds 30]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { TELEMETRY_PATH } from '../../src/gateway/telemetry-shipper.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import { createTelemetry } from '../../src/telemetry/create-telemetry.js';
import type { SerializedBucket } from '../../src/telemetry/release-bucket.js';

const { values } = parseArgs({
  options: {
    gateways: { type: 'string', default: '10' },
    models: { type: 'string', default: '100' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '30' },
  },
});
const G = Number(values.gateways);
const M = Number(values.models);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

/** One gateway's buckets for second `sec`: RATE / G requests spread over the models' two releases. */
function gatewaySecond(sec: number, gateway: number): SerializedBucket[] {
  const t = createTelemetry({
    clock: { now: () => (sec + 1) * 1000 + 1, sleep: () => Promise.resolve() },
    schemas: () => undefined,
  });
  const perGateway = Math.round(RATE / G);
  for (let i = 0; i < perGateway; i++) {
    const model = `model-${(i * 7 + gateway) % M}`;
    t.record({
      model,
      release: i % 10 === 0 ? `${model}-canary` : `${model}-stable`,
      region: 'eu',
      at: sec * 1000 + (i % 1000),
      outcome: i % 50 === 0 ? 'serverError' : 'ok',
      latencyMs: 5 + (i % 40),
      predictions: [`item-${i % 30}`],
    });
  }
  return t.exportBuckets(0).buckets;
}

const startSec = Math.floor(Date.now() / 1000) - SECONDS - 5;
const posts = Array.from({ length: SECONDS }, (_, s) =>
  Array.from({ length: G }, (_, g) => gatewaySecond(startSec + s, g)),
);
const bucketsPerPost = posts[0]![0]!.length;

const plane = await startControlPlane({
  dataDir: mkdtempSync(join(tmpdir(), 'ripcord-bench-fleet-')),
  port: 0,
  plugins: standardPlugins({ gateway: { port: 0 } }).list,
  logger: undefined,
});
const token = plane.bootstrapToken ?? '';
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
let cpu = process.cpuUsage();
let wall = performance.now();
let seq = 0;
for (const second of posts)
  await Promise.all(
    second.map(async (buckets, g) => {
      const res = await request(`${plane.url}${TELEMETRY_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-ripcord-gateway': `edge-${g}`,
        },
        body: JSON.stringify({ instance: `i${g}`, seq: ++seq, buckets }),
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`post answered ${res.statusCode}: ${text}`);
    }),
  );
const fleetCpu = process.cpuUsage(cpu);
const fleetWall = performance.now() - wall;
global.gc?.();
const rssAfter = process.memoryUsage().rss;
const heapAfter = process.memoryUsage().heapUsed;
await plane.close();

// Peer: the same buckets merged in process (a cluster primary importing its workers' batches).
const peer = createTelemetry({
  clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
  schemas: () => undefined,
});
cpu = process.cpuUsage();
wall = performance.now();
for (const second of posts)
  for (const buckets of second) peer.importBuckets(JSON.parse(JSON.stringify(buckets)) as SerializedBucket[]);
const peerCpu = process.cpuUsage(cpu);
const peerWall = performance.now() - wall;

const cpuS = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;
const perGatewaySecond = (s: number): string => `${((s / (G * SECONDS)) * 1000).toFixed(2)} ms`;
console.log(
  `fleet ingest: ${G} gateways × ${SECONDS} s, ${M} models × 2 releases, ${RATE} req/s total, ${bucketsPerPost} buckets per post`,
);
console.log(
  `  control plane (HTTP + validation + merge): ${cpuS(fleetCpu).toFixed(2)} CPU-s, ${(fleetWall / 1000).toFixed(2)} s wall; per gateway-second ${perGatewaySecond(cpuS(fleetCpu))} CPU`,
);
console.log(
  `  peer (in-process importBuckets, as a cluster primary): ${cpuS(peerCpu).toFixed(2)} CPU-s, ${(peerWall / 1000).toFixed(2)} s wall; per gateway-second ${perGatewaySecond(cpuS(peerCpu))} CPU`,
);
console.log(`  ratio (CPU): ${(cpuS(fleetCpu) / cpuS(peerCpu)).toFixed(2)}×`);
console.log(
  `  share of one core per gateway at 1 post/s: ${((cpuS(fleetCpu) / (G * SECONDS)) * 100).toFixed(2)} %`,
);
console.log(
  `  memory after: RSS +${((rssAfter - rssBefore) / 2 ** 20).toFixed(1)} MB, heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MB (${((heapAfter - heapBefore) / 2 ** 20 / G).toFixed(2)} MB per gateway, ${SECONDS} s of buckets held)`,
);
