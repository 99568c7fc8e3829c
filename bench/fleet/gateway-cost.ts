/**
 * What one remote gateway costs at the fleet bench's per-gateway rate, beside the floor a Node
 * proxy can reach at the same rate. One control plane, one `ripcord gateway` following it, M
 * models at R req/s through it for S seconds; then the same load through the bare proxy
 * (bench/gateway/bare-proxy.ts: node:http + undici, no telemetry, no routing), alternated
 * (ripcord, bare, bare, ripcord). CPU-seconds per second and per request from /proc (user +
 * system); with --profile the ripcord gateway runs under --cpu-prof and the self time of its
 * measured windows is listed (the profiler's sampling thread then adds CPU of its own, so the CPU
 * figures of a profiled run are not the ones to compare).
 *
 *   npx tsx bench/fleet/gateway-cost.ts [--models 100] [--rate 50] [--seconds 20] [--profile]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startModelServers } from '../recovery/children.js';
import { TRIGGERS } from '../recovery/scenarios.js';
import { processUsage, spawnRipcord } from './cli-process.js';
import { startLoad } from './fleet-load.js';
import { fleetApi, modelName, seedFleet, startCanaries } from './seed-fleet.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '100' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
  },
});
const MODELS = Number(values.models);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const servers = await startModelServers(1);
const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-gw-cost-'));
const profDir = mkdtempSync(join(tmpdir(), 'ripcord-gw-cost-prof-'));
const plane = spawnRipcord(['up', '--data', dataDir, '--port', '0', '--gateway-port', '0']);
const url = (await plane.line(/listening on (\S+) \(/))[1]!;
await plane.line(/admin token created/);
const { token } = JSON.parse(readFileSync(join(dataDir, 'credentials'), 'utf8')) as { token: string };
const api = fleetApi(url, token);
await seedFleet(api, MODELS, { v1: servers.v1, v2: () => servers.candidates[0]! });
const gateway = spawnRipcord(
  ['gateway', '--control-plane', url, '--port', '0', '--name', 'edge-0'],
  { RIPCORD_TOKEN: token },
  values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
);
const gatewayUrl = (await gateway.line(/gateway on (\S+) following/))[1]!;
await startCanaries(api, MODELS, 20, TRIGGERS);

const barePort = 20_000 + Math.floor(Math.random() * 20_000);
const bare = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(import.meta.dirname, '../gateway/bare-proxy.ts'),
    String(barePort),
    // Both arms on v1, with the features header its release bundle names: every answer a 200.
    new URL(servers.v1).port,
    new URL(servers.v1).port,
    'item-encoder@4',
  ],
  { stdio: 'ignore' },
);
await sleep(3_000);

const models = Array.from({ length: MODELS }, (_, i) => modelName(i));
const windows: [number, number][] = [];
const profileStart = Date.now();

/** CPU-s/s and µs per request of `pid` under R req/s through `target`, after a 5 s warm-up. */
async function measure(
  target: string,
  pid: number,
  names: string[],
): Promise<{ cpuPerSec: number; usPerRequest: number; failed: number }> {
  const load = startLoad([target], names, RATE);
  await sleep(5_000);
  const from = Date.now();
  const before = processUsage(pid);
  await sleep(SECONDS * 1000);
  const after = processUsage(pid);
  windows.push([from - profileStart, Date.now() - profileStart]);
  const counts = await load.stop();
  const cpu = after.cpuSec - before.cpuSec;
  return { cpuPerSec: cpu / SECONDS, usPerRequest: (cpu / (RATE * SECONDS)) * 1e6, failed: counts.failed };
}

console.log(
  `one gateway, ${MODELS} models, ${RATE} req/s, ${SECONDS} s windows; load average ${loadavg()[0]!.toFixed(1)}`,
);
const rows: string[] = [];
for (const kind of ['ripcord', 'bare', 'bare', 'ripcord'] as const) {
  const m =
    kind === 'ripcord'
      ? await measure(gatewayUrl, gateway.child.pid!, models)
      : // The bare proxy passes the path on as it is: the name the model server answers to.
        await measure(`http://127.0.0.1:${barePort}`, bare.pid!, ['recsys']);
  rows.push(`| ${kind} | ${m.cpuPerSec.toFixed(3)} | ${Math.round(m.usPerRequest)} | ${m.failed} |`);
}
console.log('| proxy | CPU-s per s | CPU µs per request | failed |\n| --- | ---: | ---: | ---: |');
console.log(rows.join('\n'));
console.log(`load average at the end ${loadavg()[0]!.toFixed(1)}`);
bare.kill('SIGTERM');
await gateway.stop();
await plane.stop();
await servers.close();

if (values.profile) {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
  const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
  };
  // The profile's clock starts when the gateway did, before `profileStart`: align on its end.
  const spanMs = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  const offsetMs = spanMs - (Date.now() - profileStart);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    const t = at - offsetMs;
    if (!windows.some(([a, b]) => t >= a && t <= b)) return;
    const n = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\/(dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log('ripcord gateway, self time in the measured windows (share of wall time):');
  for (const [k, v] of top) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}
process.exit(0);
