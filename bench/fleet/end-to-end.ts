/**
 * Fleet recovery end to end: one control plane (`ripcord up`, a real process) with G
 * `ripcord gateway` processes following it, M models at R req/s in total spread over the gateways,
 * every model's rollout held at a canary step. The fault: one model's candidate server starts
 * answering 500s. Measured: the time from the fault to the moment every gateway routes that
 * model's canary users to the target (each gateway probed every 100 ms by a user its sticky routing
 * had put on the candidate). Beside it, in the same run and alternated round by round: the same
 * fault with the control plane's own in-process gateway taking all the traffic (and the same
 * probes). Also the control plane's CPU-seconds and RSS under the fleet's load, per gateway.
 *
 *   npm run bench:fleet:e2e -- [--rounds 3] [--gateways 10] [--models 100] [--rate 500]
 *     [--weight 20] [--warmup 10] [--triggers all|errors] [--no-write] [--note TEXT]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFaults, startModelServers } from '../recovery/children.js';
import { TRIGGERS } from '../recovery/scenarios.js';
import { processUsage, spawnRipcord } from './cli-process.js';
import type { RipcordProcess } from './cli-process.js';
import { appendE2eResults } from './e2e-results.js';
import type { E2eFigures, SetupRun } from './e2e-results.js';
import { probeSwitch, startLoad, userOn } from './fleet-load.js';
import { incidentLegs, watchEvidence } from './round-legs.js';
import { fleetApi, modelName, seedFleet, startCanaries } from './seed-fleet.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    gateways: { type: 'string', default: '10' },
    models: { type: 'string', default: '100' },
    rate: { type: 'string', default: '500' },
    weight: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '10' },
    timeout: { type: 'string', default: '60' },
    note: { type: 'string', default: '' },
    // 'errors': the error-rate trigger alone, so a starved machine's slow candidates (latency,
    // diversity) cannot roll a canary back before the fault.
    triggers: { type: 'string', default: 'all' },
    'no-write': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(values.rounds);
const GATEWAYS = Number(values.gateways);
const MODELS = Number(values.models);
const RATE = Number(values.rate);
const WEIGHT = Number(values.weight);
const WARMUP_SEC = Number(values.warmup);
const TIMEOUT_SEC = Number(values.timeout);
const PROBE_MS = 100;
const ROLLOUT_TRIGGERS =
  values.triggers === 'errors' ? TRIGGERS.filter((t) => t.includes('error rate')) : TRIGGERS;
if (MODELS < ROUNDS)
  throw new Error(
    `--models (${MODELS}) must be at least --rounds (${ROUNDS}): each round faults a model of its own`,
  );

const fmtSec = (s: number | undefined): string => (s === undefined ? 'n/a' : `${s.toFixed(2)} s`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Setup {
  kind: 'fleet' | 'in-process';
  plane: RipcordProcess;
  gateways: RipcordProcess[];
  gatewayUrls: string[];
  api: ReturnType<typeof fleetApi>;
  dataDir: string;
}

// One v1 server shared by every model; a candidate of its own for each round's faulted model in
// each setup; one healthy candidate shared by the rest.
const servers = await startModelServers(2 * ROUNDS + 1);
const candidate = (setup: number, model: number): string =>
  model < ROUNDS ? servers.candidates[setup * ROUNDS + model]! : servers.candidates[2 * ROUNDS]!;

async function startSetup(kind: Setup['kind'], index: number): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), `ripcord-fleet-e2e-${kind}-`));
  const plane = spawnRipcord(['up', '--data', dataDir, '--port', '0', '--gateway-port', '0']);
  const url = (await plane.line(/listening on (\S+) \(/))[1]!;
  const ownGateway = (await plane.line(/gateway serving model traffic on (\S+);/))[1]!;
  await plane.line(/admin token created/);
  const { token } = JSON.parse(readFileSync(join(dataDir, 'credentials'), 'utf8')) as { token: string };
  const api = fleetApi(url, token);
  await seedFleet(api, MODELS, { v1: servers.v1, v2: (m) => candidate(index, m) });
  const gateways: RipcordProcess[] = [];
  const gatewayUrls: string[] = [];
  if (kind === 'fleet') {
    // Started together: on a busy machine each takes seconds to come up.
    for (let g = 0; g < GATEWAYS; g++)
      // The token goes by environment variable, not argv: process listings show arguments.
      gateways.push(
        spawnRipcord(['gateway', '--control-plane', url, '--port', '0', '--name', `edge-${g}`], {
          RIPCORD_TOKEN: token,
        }),
      );
    for (const gateway of gateways) gatewayUrls.push((await gateway.line(/gateway on (\S+) following/))[1]!);
  } else gatewayUrls.push(ownGateway);
  await startCanaries(api, MODELS, WEIGHT, ROLLOUT_TRIGGERS);
  return { kind, plane, gateways, gatewayUrls, api, dataDir };
}

/** Telemetry posts the control plane has taken from remote gateways so far. */
async function telemetryPosts(api: Setup['api']): Promise<number> {
  const members = (await api.send('GET', '/telemetry/gateways')) as { posts: number }[];
  return members.reduce((n, m) => n + m.posts, 0);
}

async function runRound(setup: Setup, index: number, round: number): Promise<SetupRun> {
  const model = modelName(round);
  const models = Array.from({ length: MODELS }, (_, i) => modelName(i));
  const load = startLoad(setup.gatewayUrls, models, RATE);
  // The in-process setup's probes all go to its one gateway: the same probe traffic as the fleet's.
  const probePools = Array.from({ length: GATEWAYS }, (_, g) => load.pools[g % load.pools.length]!);
  const users: number[] = [];
  for (const pool of probePools)
    users.push(
      await userOn(pool, model, `${model}-v2`).catch(async (error: Error) => {
        const status = await setup.api.send('GET', `/rollouts/${model}-canary`).catch(() => undefined);
        throw new Error(`${setup.kind}: ${error.message}; rollout: ${JSON.stringify(status).slice(0, 1500)}`);
      }),
    );
  const probes = probeSwitch(
    probePools,
    users,
    model,
    `${model}-v2`,
    PROBE_MS,
    TIMEOUT_SEC * 1000 + WARMUP_SEC * 1000,
  );
  const postsBefore = await telemetryPosts(setup.api);
  const before = processUsage(setup.plane.child.pid!);
  const gatewaysBefore = setup.gateways.map((g) => processUsage(g.child.pid!).cpuSec);
  await sleep(WARMUP_SEC * 1000);
  const after = processUsage(setup.plane.child.pid!);
  const gatewaysAfter = setup.gateways.map((g) => processUsage(g.child.pid!));
  const postsAfter = await telemetryPosts(setup.api);
  const evidence = watchEvidence(setup.api, model);
  await evidence.ready;
  const faultSentAt = Date.now();
  probes.arm(faultSentAt);
  const onsetAt = await setFaults(candidate(index, round), [{ kind: 'errors', rate: 1, status: 500 }]);
  probes.arm(Math.min(onsetAt, faultSentAt));
  const switched = await probes.switched;
  probes.stop();
  evidence.stop();
  const evidenceAt = await evidence.seen;
  // The incident's traffic step may confirm after the probes saw the switch: give it a moment.
  await sleep(1_000);
  const legs = await incidentLegs(setup.api, model, onsetAt, evidenceAt);
  const counts = await load.stop();
  await setFaults(candidate(index, round), []);
  const rollout = (await setup.api.send('GET', `/rollouts/${model}-canary`)) as {
    status: { phase: string; rollback?: { trigger?: string } };
  };
  const missing = switched.filter((t) => t === undefined).length;
  const gatewayCpu = gatewaysAfter.reduce((a, b, i) => a + b.cpuSec - gatewaysBefore[i]!, 0);
  const gatewayRss = gatewaysAfter.map((g) => g.rssBytes / 2 ** 20);
  return {
    kind: setup.kind,
    round,
    restoredSec: missing ? undefined : (Math.max(...(switched as number[])) - onsetAt) / 1000,
    firstGatewaySec: missing ? undefined : (Math.min(...(switched as number[])) - onsetAt) / 1000,
    ...legs,
    missing,
    phase: rollout.status.phase,
    trigger: rollout.status.rollback?.trigger,
    planeCpuPerSec: (after.cpuSec - before.cpuSec) / WARMUP_SEC,
    planeRssMb: after.rssBytes / 2 ** 20,
    gatewaysCpuPerSec: gatewayCpu / WARMUP_SEC,
    gatewayRssMb: gatewayRss.length ? gatewayRss.reduce((a, b) => a + b, 0) / gatewayRss.length : 0,
    postsPerSec: (postsAfter - postsBefore) / WARMUP_SEC,
    earlyProbes: probes.early(),
    sent: counts.sent,
    failed: counts.failed,
  };
}

const load0 = loadavg()[0]!;
const started = Date.now();
console.log(
  `fleet e2e: ${GATEWAYS} gateways, ${MODELS} models, ${RATE} req/s, canary at ${WEIGHT} %, ${ROUNDS} rounds`,
);
const setups = [await startSetup('fleet', 0), await startSetup('in-process', 1)];
const runs: SetupRun[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which setup goes first, so a drift in the machine's load hits both alike.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const run = await runRound(setups[i]!, i, round);
      runs.push(run);
      console.log(
        `  round ${round + 1} ${run.kind}: ${run.restoredSec === undefined ? `${run.missing} gateway(s) not switched in ${TIMEOUT_SEC} s` : `every gateway on the target ${run.restoredSec.toFixed(2)} s after the fault (first ${run.firstGatewaySec!.toFixed(2)} s)`}; evidence ${fmtSec(run.evidenceSec)}, breach ${fmtSec(run.breachSec)}, decision ${fmtSec(run.decisionSec)}, confirmed ${fmtSec(run.confirmedSec)}; ${run.earlyProbes} probe answers off the candidate before the fault; ${run.phase} by ${run.trigger ?? '-'}; plane ${run.planeCpuPerSec.toFixed(2)} CPU-s/s, RSS ${run.planeRssMb.toFixed(0)} MB, ${run.postsPerSec.toFixed(1)} telemetry posts/s`,
      );
    }
  }
} finally {
  for (const setup of setups) {
    await Promise.all(setup.gateways.map((g) => g.stop()));
    await setup.plane.stop();
    rmSync(setup.dataDir, { recursive: true, force: true });
  }
  await servers.close();
}

const figures: E2eFigures = {
  gateways: GATEWAYS,
  models: MODELS,
  rate: RATE,
  weight: WEIGHT,
  rounds: ROUNDS,
  warmupSec: WARMUP_SEC,
  probeMs: PROBE_MS,
  loadAverage: [load0, loadavg()[0]!],
  wallSec: (Date.now() - started) / 1000,
  runs,
  note: values.note,
  triggers: ROLLOUT_TRIGGERS,
};
const summary = appendE2eResults(figures, !values['no-write']);
console.log(summary);
