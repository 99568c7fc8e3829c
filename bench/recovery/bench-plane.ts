/**
 * A control plane as `ripcord up` runs it (API, in-process gateway, controller with the default
 * 1 s tick) on a fresh SQLite file, and the recommender's releases pointing at real model servers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Controller } from '../../src/controller/index.js';
import type { Registry } from '../../src/registry/registry.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { TelemetryReader } from '../../src/telemetry/types.js';

export const ACTOR = { actor: 'bench', reason: 'recovery benchmark' };

export interface BenchPlane {
  registry: Registry;
  controller: Controller;
  telemetry: TelemetryReader;
  gatewayUrl: string;
  /** Registers `model` with releases `${model}-v1` (model v1 + encoder 4) and `${model}-v2` (v2 + encoder 5); v1 serves. */
  seedModel(model: string, backends: { v1: string; v2: string }): Promise<{ v1: string; v2: string }>;
  close(): Promise<void>;
}

export async function startBenchPlane(options: { tickMs?: number } = {}): Promise<BenchPlane> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-recovery-'));
  const parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: options.tickMs ?? 1000 } });
  const plane = await startControlPlane({
    dataDir,
    port: 0,
    plugins: parts.list,
    logger: pino({ level: 'silent' }),
  });
  const { registry } = plane;
  for (const version of ['4', '5']) {
    await registry.registerFeature(
      { name: 'item-encoder', version, kind: 'encoder', digest: `sha256:${version.repeat(64)}` },
      ACTOR,
    );
  }
  await registry.setFlag('item-encoder@5', true, ACTOR);
  return {
    registry,
    controller: parts.controller.controller(),
    telemetry: parts.gateway.gateway().telemetry,
    gatewayUrl: parts.gateway.url(),
    async seedModel(model, backends) {
      await registry.upsertModel(
        {
          name: model,
          owner: 'ranking-team',
          protocol: 'tfserving',
          predictionPath: '$.predictions[*].items[0]',
          inputSchema: {
            fields: {
              user_id: { type: 'string' },
              hour: { type: 'integer' },
              country: { type: 'string', required: false },
            },
          },
        },
        ACTOR,
      );
      const releases = { v1: `${model}-v1`, v2: `${model}-v2` };
      for (const [version, encoder, url, digest] of [
        [1, '4', backends.v1, 'a'],
        [2, '5', backends.v2, 'b'],
      ] as const) {
        await registry.registerVersion(
          {
            model,
            version,
            artifactUri: `s3://models/${model}/${version}/`,
            digest: `sha256:${digest.repeat(64)}`,
            framework: 'pytorch',
            compatibleFeatures: [{ name: 'item-encoder', version: encoder }],
          },
          ACTOR,
        );
        await registry.createRelease(
          {
            name: version === 1 ? releases.v1 : releases.v2,
            model,
            modelVersion: version,
            features: [{ name: 'item-encoder', version: encoder }],
            // The demo servers all serve the model "recsys".
            serving: { backends: [{ url }], timeoutMs: 2000, upstreamModel: 'recsys' },
            healthyBaseline: version === 1,
          },
          ACTOR,
        );
      }
      await registry.setAlias(model, 'production', releases.v1, ACTOR);
      await registry.setAlias(model, 'last-known-good', releases.v1, ACTOR);
      await registry.setTrafficPolicy(
        { model, stable: releases.v1, sticky: { source: 'header', key: 'x-user-id' } },
        ACTOR,
      );
      return releases;
    },
    async close() {
      await plane.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
