/**
 * gRPC as users start it: `ripcord up --grpc-port` serves the gateway's gRPC API beside REST, and
 * a gRPC canary whose model server fails is rolled back by the controller from the telemetry its
 * gRPC calls produced; `ripcord gateway --grpc-port` serves gRPC following that control plane.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';
import { readCredentials } from '../../src/server/credentials.js';
import { waitFor } from '../e2e/wait-for.js';
import { cli, seedRegistry } from '../faults/fault-kit.js';
import { fail, GatewayClient, startGrpcModelServer, status, type GrpcModelServer } from './grpc-kit.js';

const TRIGGER = 'hard: error rate > 5% for 2s';
const predict = { model_spec: { name: 'recsys' } };

/** Runs a long-lived verb in this process; `stop()` ends it as a signal would. */
function run(args: string[]): { out: () => string; stop: () => Promise<number> } {
  let out = '';
  let signal: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (signal = resolve));
  const code = main(['node', 'ripcord', ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    untilSignal: () => stopped,
  });
  return {
    out: () => out,
    stop: async () => {
      signal();
      return code;
    },
  };
}

describe('ripcord up --grpc-port', () => {
  let v1: GrpcModelServer;
  let v2: GrpcModelServer;
  let dataDir = '';
  let up: ReturnType<typeof run>;
  let api = '';
  let grpcPort = 0;
  let token = '';

  const apiCall = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const res = await request(`${api}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res.body.json();
  };

  beforeAll(async () => {
    v1 = await startGrpcModelServer('v1');
    v2 = await startGrpcModelServer('v2');
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-grpc-up-'));
    up = run([
      'up',
      '--data',
      dataDir,
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--grpc-port',
      '0',
      '--log-level',
      'silent',
    ]);
    api = await waitFor('the API line', () => /listening on (\S+) \(/.exec(up.out())?.[1]);
    grpcPort = Number(
      await waitFor('the gRPC line', () => /gRPC \(KServe v2, TF Serving\) on \S+:(\d+)/.exec(up.out())?.[1]),
    );
    token = readCredentials(dataDir)!.token;
    await seedRegistry(dataDir, v1.url, v2.url, { serving: { healthProtocol: 'grpc' } });
    await cli(dataDir, 'traffic', 'set', 'recsys', '--stable', 'recsys-v1-enc4');
  });

  afterAll(async () => {
    await up.stop();
    await Promise.all([v1.close(), v2.close()]);
  });

  it('serves gRPC on the port it names, routed from the registry', async () => {
    expect(grpcPort).toBeGreaterThan(0);
    const client = new GatewayClient(grpcPort);
    try {
      expect((await client.call('kserve', 'ServerReady', {})).response).toEqual({ ready: true });
      const r = await client.call('tfserving', 'Predict', predict);
      expect(r.error).toBeUndefined();
      expect(r.headers['x-ripcord-release']).toBe('recsys-v1-enc4');
      expect((r.response?.model_spec as { name: string }).name).toBe('recsys');
    } finally {
      client.close();
    }
  });

  it('rolls back a gRPC canary whose model server fails', async () => {
    const client = new GatewayClient(grpcPort);
    let sending = true;
    const served = new Set<string>();
    const load = (async () => {
      while (sending) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => client.call('tfserving', 'Predict', predict)),
        );
        for (const a of answers) served.add(String(a.headers['x-ripcord-release'] ?? a.error?.details));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      const started = await apiCall('POST', '/rollouts', {
        name: 'recsys-v2',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        canary: { steps: [{ setWeight: 50 }, { pause: {} }] },
        analysis: { triggers: [TRIGGER], consecutiveBreaches: 2 },
      });
      expect(started, JSON.stringify(started)).toMatchObject({ status: { weight: 50 } });
      await waitFor('the canary takes traffic', () => v2.seen.length > 0).catch(async (e: Error) => {
        throw new Error(
          `${e.message}; served ${[...served].join(', ')}; rollout ${JSON.stringify(started)}; traffic ${JSON.stringify(await apiCall('GET', '/traffic/recsys'))}`,
        );
      });
      v2.behave(fail(status.INTERNAL, 'model crashed'));
      const rolledBack = (await waitFor(
        'the canary rolled back',
        async () => {
          const r = (await apiCall('GET', '/rollouts/recsys-v2')) as { status: { phase: string } };
          return r.status.phase === 'RolledBack' ? r : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      )) as { status: { rollback?: { trigger: string; target: string } } };
      expect(rolledBack.status.rollback).toMatchObject({ trigger: TRIGGER, target: 'recsys-v1-enc4' });
      expect(await apiCall('GET', '/traffic/recsys')).toMatchObject({
        stable: 'recsys-v1-enc4',
        weights: [],
      });
    } finally {
      sending = false;
      await load;
      client.close();
    }
  }, 90_000);

  it('ripcord gateway --grpc-port serves gRPC following the control plane', async () => {
    const gateway = run([
      'gateway',
      '--control-plane',
      api,
      '--token',
      token,
      '--port',
      '0',
      '--grpc-port',
      '0',
    ]);
    try {
      const port = Number(
        await waitFor(
          'the gRPC line',
          () => /gRPC \(KServe v2, TF Serving\) on \S+:(\d+)/.exec(gateway.out())?.[1],
        ),
      );
      const client = new GatewayClient(port);
      try {
        const r = await waitFor('routing', async () => {
          const answer = await client.call('tfserving', 'Predict', predict);
          return answer.error ? undefined : answer;
        });
        expect(r.headers['x-ripcord-release']).toBe('recsys-v1-enc4');
      } finally {
        client.close();
      }
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it('lists --grpc-port in the help of up and gateway', async () => {
    for (const verb of ['up', 'gateway']) {
      let out = '';
      await main(['node', 'ripcord', verb, '--help'], {
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
      });
      expect(out).toContain('--grpc-port <n>');
    }
  });
});
