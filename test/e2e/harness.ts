/**
 * One end-to-end stack in this process: a control plane as `ripcord up` runs it (API, gateway and
 * controller, SQLite or PostgreSQL), two demo model servers (v1 and v2) on real ports, the
 * recommender registered over the API, and load generators through the real gateway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutDocument } from '../../src/controller/rollout-state.js';
import type { Incident, MttrBreakdown } from '../../src/incidents/index.js';
import type { ModelServerOptions } from '../../src/demo/model-server/index.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import type { ControllerPlugin } from '../../src/server/controller-plugin.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { e2eApi } from './api-client.js';
import type { E2eApi } from './api-client.js';
import type { E2eDatabase } from './e2e-databases.js';
import { startLoad } from './load-generator.js';
import type { LoadGenerator, LoadOptions } from './load-generator.js';
import { startModelServers } from './model-servers.js';
import type { RemoteModelServer } from './model-servers.js';
import { seedRecsys } from './seed-recsys.js';
import { waitFor } from './wait-for.js';

export type RolloutView = RolloutDocument & { name: string; revision: number };
export type IncidentView = Incident & { mttr: MttrBreakdown };

export interface E2eOptions {
  database: E2eDatabase;
  /** Model server options (fast medians by default; latency simulated only when asked). */
  v1?: ModelServerOptions;
  v2?: ModelServerOptions;
  /** @default 250 */
  tickMs?: number;
}

export interface E2e {
  plane: ControlPlane;
  api: E2eApi;
  controller: ControllerPlugin;
  gatewayUrl: string;
  v1: RemoteModelServer;
  v2: RemoteModelServer;
  load(options?: Omit<LoadOptions, 'gatewayUrl'>): LoadGenerator;
  rollout(name: string): Promise<RolloutView>;
  /** Polls the rollout over the API until `done` holds. */
  waitForRollout(
    name: string,
    what: string,
    done: (r: RolloutView) => boolean,
    timeoutMs?: number,
  ): Promise<RolloutView>;
  incidents(): Promise<IncidentView[]>;
  close(): Promise<void>;
}

/** The gateway's feedback token in these stacks; load generators send it. */
export const E2E_FEEDBACK_TOKEN = 'e2e-feedback-token-0123456789';

export const FAST_SERVER: ModelServerOptions = {
  medianLatencyMs: 5,
  latencySigma: 0.2,
  simulateLatency: false,
};

export async function startE2e(options: E2eOptions): Promise<E2e> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-e2e-'));
  const database = await options.database.create();
  const servers = await startModelServers({
    v1: { ...FAST_SERVER, ...options.v1 },
    v2: { ...FAST_SERVER, ...options.v2 },
  });
  const { v1, v2 } = servers;
  const parts = standardPlugins({
    // Conversion is fed back before any rollout exists (blue's baseline): an allow-listed KPI.
    gateway: { port: 0, feedback: { auth: { token: E2E_FEEDBACK_TOKEN }, kpis: ['conversion'] } },
    controller: { tickMs: options.tickMs ?? 250 },
  });
  const plane = await startControlPlane({
    dataDir,
    databaseUrl: database.url,
    port: 0,
    plugins: parts.list,
  });
  const api = e2eApi(plane.url, plane.bootstrapToken ?? '');
  await seedRecsys(api, { v1: v1.url, v2: v2.url });
  const loads = new Set<LoadGenerator>();
  const e2e: E2e = {
    plane,
    api,
    controller: parts.controller,
    gatewayUrl: parts.gateway.url(),
    v1,
    v2,
    load(loadOptions = {}) {
      const load = startLoad({
        gatewayUrl: parts.gateway.url(),
        feedbackToken: E2E_FEEDBACK_TOKEN,
        ...loadOptions,
      });
      loads.add(load);
      return load;
    },
    rollout: (name) => api.get<RolloutView>(`/rollouts/${name}`),
    waitForRollout: (name, what, done, timeoutMs = 40_000) =>
      waitFor(
        `rollout ${name}: ${what}`,
        async () => {
          const rollout = await e2e.rollout(name);
          return done(rollout) ? rollout : undefined;
        },
        { timeoutMs, intervalMs: 50 },
      ),
    incidents: () => api.get<IncidentView[]>('/incidents'),
    async close() {
      await Promise.allSettled([...loads].map((l) => l.stop()));
      await plane.close();
      await servers.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return e2e;
}
