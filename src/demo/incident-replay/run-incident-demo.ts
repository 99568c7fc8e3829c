/**
 * `ripcord demo`: the 2:17 AM incident, replayed with the real system in accelerated time.
 * Model v2 (with encoder v5) is rolled out by canary and promoted; "four hours later" its
 * predictions collapse to the same few items while the error rate stays normal. The guard sees
 * prediction diversity fall, rolls production back to v1 + encoder v4, and the incident records
 * each MTTR phase.
 */
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { Controller } from '../../controller/create-controller.js';
import type { RolloutSpecInput } from '../../controller/rollout-spec.js';
import type { RolloutDocument } from '../../controller/rollout-state.js';
import { formatIncidentReport, recordOnset } from '../../incidents/index.js';
import { buildIncidentReport } from '../../incidents/report/build-report.js';
import { renderHtml } from '../../incidents/report/render-html.js';
import { renderChartSvg } from '../../incidents/report/svg-chart.js';
import type { Incident } from '../../incidents/index.js';
import { parseManifestFile, registryKinds, validateManifestOrThrow } from '../../manifests/index.js';
import { standardPlugins } from '../../server/standard-plugins.js';
import { credentialsPath } from '../../server/credentials.js';
import { startControlPlane } from '../../server/start-control-plane.js';
import type { ControlPlane } from '../../server/start-control-plane.js';
import { startModelServer } from '../model-server/index.js';
import type { ModelServer } from '../model-server/index.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { formatReleaseMetrics } from './live-view.js';
import { startLoad } from './load-generator.js';
import { formatSeconds } from '../../core/duration.js';

export interface DemoOptions {
  dataDir: string;
  examplesDir: string;
  apiPort: number;
  gatewayPort: number;
  /** Ports of the v1 and v2 model servers (0: any free port). @default [9101, 9102] */
  modelPorts?: readonly [number, number];
  /** Stop after the report instead of serving on. */
  exit: boolean;
  /** Requests per second of synthetic users. @default 200 */
  rate?: number;
  out(text: string): void;
  untilSignal(): Promise<void>;
}

const ACTOR = { actor: 'demo', reason: 'incident replay' };
const V1 = 'recsys-v1-enc4';
const V2 = 'recsys-v2-enc5';

export async function runIncidentDemo(options: DemoOptions): Promise<void> {
  const { out } = options;
  const servers: ModelServer[] = [];
  let plane: ControlPlane | undefined;
  let load: ReturnType<typeof startLoad> | undefined;
  let viewTimer: NodeJS.Timeout | undefined;
  try {
    out('ripcord demo: the 2:17 AM incident, replayed in accelerated time (4 hours → 20 seconds)\n\n');
    const [v1Port, v2Port] = options.modelPorts ?? [9101, 9102];
    servers.push(
      await startModelServer({
        port: v1Port,
        version: 'v1',
        expectFeatures: ['item-encoder@4'],
        medianLatencyMs: 12,
      }),
    );
    servers.push(
      await startModelServer({
        port: v2Port,
        version: 'v2',
        expectFeatures: ['item-encoder@5'],
        medianLatencyMs: 12,
      }),
    );
    const [v1Server, v2Server] = servers;
    out(
      `model servers: v1 on :${v1Server?.port}, v2 on :${v2Server?.port} (faults injectable at POST /admin/faults)\n`,
    );

    const parts = standardPlugins({ gateway: { port: options.gatewayPort }, controller: { tickMs: 500 } });
    plane = await startControlPlane({
      dataDir: options.dataDir,
      port: options.apiPort,
      plugins: parts.list,
      logger: pino({ level: 'silent' }),
    });
    out(`control plane: ${plane.url}   gateway: ${parts.gateway.url()}\n`);
    out(`dashboard: ${plane.url}/  (sign in with the token in ${credentialsPath(options.dataDir)})\n`);
    const { registry } = plane;
    for (const { file, text } of [{ file: join(options.examplesDir, 'registry.yaml'), text: '' }].map(
      (f) => ({
        ...f,
        // The example registry names the default ports; point it at the servers started above.
        text: readFileSync(f.file, 'utf8')
          .replaceAll('127.0.0.1:9101', `127.0.0.1:${v1Server?.port}`)
          .replaceAll('127.0.0.1:9102', `127.0.0.1:${v2Server?.port}`),
      }),
    )) {
      const parsed = parseManifestFile(file, text, registryKinds);
      for (const [index, document] of parsed.documents.entries()) {
        const valid = validateManifestOrThrow(document, index, registryKinds);
        await valid.kind.apply({ registry }, valid.input, ACTOR);
      }
    }
    await registry.setFlag('item-encoder@5', true, ACTOR);
    await registry.setAlias('recsys', 'production', V1, ACTOR);
    await registry.setAlias('recsys', 'last-known-good', V1, ACTOR);
    await registry.setTrafficPolicy(
      { model: 'recsys', stable: V1, sticky: { source: 'header', key: 'x-user-id' } },
      ACTOR,
    );
    out(
      `registry: ${V1} (model v1 + item-encoder v4) in production and last-known-good; ${V2} (model v2 + encoder v5) ready\n\n`,
    );

    load = startLoad({ gatewayUrl: parts.gateway.url(), ratePerSecond: options.rate ?? 200 });
    const controller = parts.controller.controller();
    const telemetry = parts.gateway.gateway().telemetry;
    const started = Date.now();
    let story = 'warming up: v1 serves everyone';
    viewTimer = setInterval(() => {
      void (async () => {
        const rollout = (await controller.deps.rollouts.list()).at(-1)?.body;
        const now = Date.now();
        const phase = rollout ? `${rollout.status.phase} ${rollout.status.weight}%` : 'no rollout';
        out(
          `[+${formatSeconds(now - started, 0).padStart(4)}] ${phase.padEnd(18)} ${story}\n` +
            `        ${formatReleaseMetrics(telemetry, 'recsys', V1, now)}\n` +
            `        ${formatReleaseMetrics(telemetry, 'recsys', V2, now)}\n`,
        );
      })();
    }, 2_000);

    await sleep(8_000);
    story = '02:05 v2 canary: 5 % → 25 % → 50 % → 100 %';
    const name = `recsys-v2-${new Date().toISOString().slice(11, 19).replaceAll(':', '')}`;
    const spec: RolloutSpecInput = {
      name,
      model: 'recsys',
      release: V2,
      canary: {
        steps: [
          // 10 s at 5 % of 200 req/s: the 100 requests a side the triggers need before a step may pass.
          { setWeight: 5 },
          { pause: { duration: '10s' } },
          { setWeight: 25 },
          { pause: { duration: '5s' } },
          { setWeight: 50 },
          { pause: { duration: '5s' } },
        ],
      },
      analysis: {
        triggers: ['hard: error rate > 5% for 5s', 'hard: p95 latency up > 50% for 5s'],
        consecutiveBreaches: 3,
      },
      // Diversity needs 500 predictions a look: the guard judges it on all the traffic, where a
      // 5 s window holds 1,000; a 5 s canary step at 5 % would never hold enough and would wait.
      guard: {
        baselineWindow: '20s',
        fastFor: '2h',
        interval: '30s',
        triggers: [
          'hard: error rate > 5% for 5s',
          'hard: p95 latency up > 50% for 5s',
          'hard: prediction diversity down > 20% over 5s',
        ],
      },
      verify: { within: '5s', maxErrorRate: 0.05 },
    };
    await controller.startRollout(spec, ACTOR);
    await waitFor(
      controller,
      name,
      (d) => d.status.phase === 'Guarding' || d.status.phase === 'RolledBack',
      60_000,
    );
    story = '02:13 v2 promoted; smoke tests pass; the guard keeps watching';
    await sleep(10_000);

    story = '02:17 v2 predictions collapse: the same items for everyone (error rate normal)';
    const faultAt = Date.now();
    v2Server?.setFaults([{ kind: 'diversity-collapse', share: 0.975 }]);
    out(`\n>>> fault injected at model server v2: diversity collapse (errors and latency unchanged)\n\n`);
    const settled = await waitFor(
      controller,
      name,
      (d) =>
        d.status.rollback?.verification === 'verified' || d.status.rollback?.verification === 'escalated',
      90_000,
    );
    story = 'rolled back: v1 + encoder v4 serve everyone again';
    await sleep(2_000);
    clearInterval(viewTimer);
    viewTimer = undefined;

    const event = settled.status.rollback;
    let reportPath: string | undefined;
    if (event) {
      // The fault injector knows when the fault began: it reports the onset once, the same way
      // `ripcord incident onset` does, so the demo, `incident list` and `describe` read one figure.
      const incident = await reportOnset(controller, event.eventId, faultAt);
      out(`\n${formatIncidentReport(incident)}\n`);
      reportPath = writeHtmlReport(incident, join(options.dataDir, 'reports', incident.id));
    }
    const history = await registry.aliasHistory('recsys', 'production');
    out('production alias history:\n');
    for (const move of history.slice(-3))
      out(`  ${move.at}  ${move.from ?? '-'} → ${move.to}  by ${move.actor}: ${move.reason}\n`);
    out(`flag item-encoder@5 enabled: ${(await registry.getFlag('item-encoder@5'))?.enabled}\n`);
    out(`requests sent ${load.sent}, failed ${load.failed}\n\n`);
    out(
      [
        'explore (in another terminal while this keeps running):',
        `  npx --no-install ripcord rollout status ${name}`,
        '  npx --no-install ripcord incident list',
        `  npx --no-install ripcord incident report ${event?.eventId ?? 'ID'} -o html --out report.html`,
        `  npx --no-install ripcord incident export ${event?.eventId ?? 'ID'}`,
        '  npx --no-install ripcord alias history recsys production',
        '  npx --no-install ripcord diff recsys-v1-enc4 recsys-v2-enc5',
        '  npx --no-install ripcord audit',
        `  curl -s ${parts.gateway.url()}/metrics | grep ripcord_`,
        '',
      ].join('\n'),
    );
    if (reportPath) out(`incident report (HTML, charts beside it): ${reportPath}\n`);
    if (!options.exit) {
      out('control plane, gateway and model servers keep running; Ctrl-C to stop\n');
      await options.untilSignal();
    }
  } finally {
    if (viewTimer) clearInterval(viewTimer);
    await load?.stop();
    await plane?.close();
    await Promise.allSettled(servers.map((s) => s.close()));
  }
}

async function reportOnset(controller: Controller, id: string, at: number): Promise<Incident> {
  const stored = await controller.deps.incidents.require(id);
  const updated = recordOnset(stored.body, at, 'demo fault injector');
  if (updated !== stored.body)
    await controller.deps.incidents.update(id, updated, stored.revision, new Date().toISOString());
  return updated;
}

/** The HTML report with its charts beside it as SVG files; returns the report's path. */
function writeHtmlReport(incident: Incident, dir: string): string {
  const report = buildIncidentReport(incident);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  for (const chart of report.charts)
    writeFileSync(join(dir, 'charts', `${chart.slug}.svg`), renderChartSvg(chart));
  const file = resolve(dir, 'report.html');
  writeFileSync(file, renderHtml(report));
  return file;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(
  controller: Controller,
  name: string,
  done: (doc: RolloutDocument) => boolean,
  timeoutMs: number,
): Promise<RolloutDocument> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = (await controller.deps.rollouts.require(name)).body;
    if (done(doc)) return doc;
    if (Date.now() > deadline) {
      throw new Error(`demo: rollout ${name} stuck in ${doc.status.phase} (${doc.status.message})`);
    }
    await sleep(250);
  }
}
