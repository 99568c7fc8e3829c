/** Starts `cluster-entry.ts` (a `--workers 2` gateway) as its own process, for the cluster suites. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { RoutingSnapshot } from '../../src/gateway/routing-snapshot.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ClusterProcess {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Resolves once the primary and its workers serve; `exportIntervalMs` is the workers' steady flush. */
export async function startClusterProcess(
  routes: RoutingSnapshot,
  exportIntervalMs = 200,
): Promise<ClusterProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ripcord-cluster-'));
  const file = path.join(dir, 'routes.json');
  await writeFile(file, JSON.stringify(routes));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'cluster-entry.ts'), String(port), file, String(exportIntervalMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`cluster exited early (${code})`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
