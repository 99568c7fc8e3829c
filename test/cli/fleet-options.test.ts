/**
 * The fleet options of the CLI, as users run them: `gateway --name` names the gateway on the
 * control plane (routing and telemetry), `gateway --no-telemetry` keeps its buckets local, and
 * `up --controller-shards` refuses what cannot work, saying why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { cli, seedRegistry, startBackend, type Backend } from '../faults/fault-kit.js';
import { waitFor } from '../e2e/wait-for.js';

describe('ripcord gateway fleet options', () => {
  let plane: ControlPlane;
  let backend: Backend;
  let token = '';
  let viewerToken = '';
  let dataDir = '';
  beforeAll(async () => {
    backend = await startBackend(() => 1);
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-fleet-cli-'));
    plane = await startControlPlane({
      dataDir,
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 } }).list,
    });
    await seedRegistry(dataDir, backend.url, backend.url);
    await cli(dataDir, 'traffic', 'set', 'recsys', '--stable', 'recsys-v1-enc4');
    token = (await plane.registry.createToken('edge', 'operator', { actor: 'test' })).token;
    viewerToken = (await plane.registry.createToken('reader', 'viewer', { actor: 'test' })).token;
  });
  afterAll(async () => {
    await plane.close();
    await backend.close();
  });

  const members = async (): Promise<{ name: string; buckets: number }[]> => {
    const res = await request(`${plane.url}/api/v1/telemetry/gateways`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.body.json()) as { name: string; buckets: number }[];
  };

  /** Runs `ripcord gateway` with `extra`, sends 20 requests through it, and stops it. */
  async function serveThrough(extra: string[]): Promise<{ code: number; stderr: string }> {
    let stdout = '';
    let stderr = '';
    let served: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (served = resolve));
    const code = main(
      ['node', 'ripcord', 'gateway', '--control-plane', plane.url, '--token', token, '--port', '0', ...extra],
      {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        untilSignal: () => done,
      },
    );
    const url = await waitFor('the gateway line', () => /gateway on (\S+) following/.exec(stdout)?.[1]);
    await waitFor('routing', async () => (await fetch(`${url}/readyz`)).status === 200);
    for (let i = 0; i < 20; i++) {
      const res = await request(`${url}/v1/models/recsys:predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: [{ user_id: 'u', hour: 1 }] }),
      });
      await res.body.dump();
    }
    // Past the shipping lag, so a shipping gateway has posted its seconds.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    served();
    return { code: await code, stderr };
  }

  it('--name names the gateway whose buckets the control plane merges', async () => {
    const run = await serveThrough(['--name', 'edge-cli-1']);
    expect(run.code, run.stderr).toBe(0);
    const edge = (await members()).find((m) => m.name === 'edge-cli-1');
    expect(edge?.buckets).toBeGreaterThan(0);
  }, 60_000);

  it('a read-only (viewer) token cannot submit evidence to the judges', async () => {
    const res = await request(`${plane.url}/api/v1/telemetry/buckets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${viewerToken}`,
        'content-type': 'application/json',
        'x-ripcord-gateway': 'intruder',
      },
      body: JSON.stringify({ instance: 'i', seq: 1, buckets: [] }),
    });
    expect(res.statusCode).toBe(403);
    await res.body.dump();
    expect((await members()).map((m) => m.name)).not.toContain('intruder');
  });

  it('--no-telemetry keeps the buckets local', async () => {
    const run = await serveThrough(['--name', 'edge-cli-quiet', '--no-telemetry']);
    expect(run.code, run.stderr).toBe(0);
    expect((await members()).map((m) => m.name)).not.toContain('edge-cli-quiet');
  }, 60_000);
});

describe('ripcord up --controller-shards', () => {
  const up = async (...args: string[]): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await main(
      [
        'node',
        'ripcord',
        '--data',
        mkdtempSync(join(tmpdir(), 'ripcord-shards-cli-')),
        'up',
        '--port',
        '0',
        '--gateway-port',
        '0',
        '--log-level',
        'silent',
        ...args,
      ],
      { stdout: () => undefined, stderr: (t) => (stderr += t), untilSignal: () => Promise.resolve() },
    );
    return { code, stderr };
  };

  it('refuses a shard count that is not a whole number from 1 to 4096', async () => {
    const run = await up('--controller-shards', '0');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--controller-shards: a whole number from 1 to 4096/);
  });

  it('refuses a --max-look-stride that is not a whole number of ticks from 1 to 600', async () => {
    const run = await up('--max-look-stride', '0');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--max-look-stride: a whole number from 1 to 600/);
  });

  it('refuses to share models on SQLite, naming the field and the fix', async () => {
    const run = await up('--controller-shards', '4');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/only on PostgreSQL/);
  });
});
