/** The control plane dies (kill -9) under a remote gateway: the gateway keeps serving, fail-static. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, seedRegistry, sleep, spawnCli, startBackend, startLoad } from './fault-kit.js';
import type { Backend, CliProcess } from './fault-kit.js';

describe('control plane down under a remote gateway', () => {
  const children: CliProcess[] = [];
  let backend: Backend | undefined;
  afterAll(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    await backend?.close();
  });

  it('serves every request with the last routing table while the control plane is gone', async () => {
    backend = await startBackend(() => 5);
    const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-fault-plane-'));
    const up = spawnCli([
      '--data',
      dataDir,
      'up',
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--log-level',
      'silent',
    ]);
    children.push(up);
    const planeUrl = (await up.line(/control plane listening on (\S+)/))[1]!;
    await seedRegistry(dataDir, backend.url, backend.url);
    await cli(dataDir, 'traffic', 'set', 'recsys', '--stable', 'recsys-v1-enc4');

    const gateway = spawnCli(['gateway', '--control-plane', planeUrl, '--data', dataDir, '--port', '0']);
    children.push(gateway);
    const gatewayUrl = (await gateway.line(/gateway on (\S+) following/))[1]!;
    // Ready once it holds the table it follows.
    for (let i = 0; i < 100; i += 1) {
      const ready = await fetch(`${gatewayUrl}/readyz`).catch(() => undefined);
      if (ready?.status === 200) break;
      await sleep(100);
    }

    const load = startLoad(gatewayUrl, 20);
    await sleep(2_000);
    up.child.kill('SIGKILL');
    await up.exited;
    const atKill = load.report.ok;
    await sleep(4_000);
    const report = await load.stop();

    expect(report.failures).toEqual([]);
    expect(report.ok - atKill).toBeGreaterThan(100);
    expect(gateway.child.exitCode).toBeNull();
  });
});
