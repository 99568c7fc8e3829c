/**
 * SIGTERM to `ripcord up` under load: every request already sent is answered (those longer than
 * 2 s included), then the process exits within its shutdown deadline, even with a client that
 * sent half a request and went quiet.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, seedRegistry, sleep, spawnCli, startBackend, startLoad } from './fault-kit.js';
import type { Backend, CliProcess } from './fault-kit.js';

describe('SIGTERM under load', () => {
  const backends: Backend[] = [];
  let up: CliProcess | undefined;
  afterAll(async () => {
    up?.child.kill('SIGKILL');
    await Promise.all(backends.map((b) => b.close()));
  });

  it('answers every request in flight, then exits within --shutdown-timeout', async () => {
    // One request in four takes 2.5 s: longer than any fixed grace a server might give.
    let n = 0;
    const backend = await startBackend(() => (n++ % 4 === 0 ? 2_500 : 20));
    backends.push(backend);
    const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-fault-sigterm-'));
    up = spawnCli(['--data', dataDir, 'up', '--port', '0', '--gateway-port', '0', '--log-level', 'silent']);
    await up.line(/control plane listening on (\S+)/);
    const gatewayUrl = (await up.line(/gateway serving model traffic on (\S+);/))[1]!;
    await seedRegistry(dataDir, backend.url, backend.url);
    await cli(dataDir, 'traffic', 'set', 'recsys', '--stable', 'recsys-v1-enc4');

    const load = startLoad(gatewayUrl, 30);
    await sleep(3_000);
    // A client that sends half its headers and goes quiet must not hold the shutdown.
    const gatewayPort = Number(new URL(gatewayUrl).port);
    const half = connect(gatewayPort, '127.0.0.1');
    half.on('error', () => undefined);
    half.write('POST /v1/models/recsys:predict HTTP/1.1\r\nhost: x\r\n');
    await sleep(200);

    const before = { ...load.report };
    const signalled = Date.now();
    up.child.kill('SIGTERM');
    const report = await load.ended();
    const exit = await up.exited;

    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.ok).toBeGreaterThan(before.ok);
    expect(report.slowOk).toBeGreaterThan(0);
    expect(exit.code).toBe(0);
    // Default --shutdown-timeout is 10 s; the half-sent request is cut then, not after minutes.
    expect(exit.at - signalled).toBeLessThan(14_000);
  });
});
