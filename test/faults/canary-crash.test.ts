/** A canary's model server dies (kill -9) under load: breaker and retry on stable, no failed request. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnEntry } from '../e2e/spawn-entry.js';
import type { SpawnedEntry } from '../e2e/spawn-entry.js';
import { cli, seedRegistry, sleep, spawnCli, startBackend, startLoad } from './fault-kit.js';
import type { Backend, CliProcess } from './fault-kit.js';

describe('canary model server crash', () => {
  let up: CliProcess | undefined;
  let canary: SpawnedEntry<{ url: string }> | undefined;
  let stable: Backend | undefined;
  afterAll(async () => {
    up?.child.kill('SIGKILL');
    canary?.child.kill('SIGKILL');
    await stable?.close();
  });

  it('answers every request from stable once the canary is gone', async () => {
    stable = await startBackend(() => 5);
    canary = await spawnEntry<{ url: string }>(new URL('./backend-entry.ts', import.meta.url), []);
    const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-fault-canary-'));
    up = spawnCli(['--data', dataDir, 'up', '--port', '0', '--gateway-port', '0', '--log-level', 'silent']);
    await up.line(/control plane listening on (\S+)/);
    const gatewayUrl = (await up.line(/gateway serving model traffic on (\S+);/))[1]!;
    await seedRegistry(dataDir, stable.url, canary.ready.url);
    await cli(
      dataDir,
      'traffic',
      'set',
      'recsys',
      '--stable',
      'recsys-v1-enc4',
      '--weight',
      'recsys-v2-enc5=50',
    );

    const load = startLoad(gatewayUrl, 20);
    await sleep(2_000);
    const servedByStable = stable.served;
    canary.child.kill('SIGKILL');
    await canary.exited;
    const atKill = load.report.ok;
    await sleep(4_000);
    const report = await load.stop();

    expect(report.failures).toEqual([]);
    expect(report.ok - atKill).toBeGreaterThan(100);
    expect(stable.served - servedByStable).toBeGreaterThan(100);
  });
});
