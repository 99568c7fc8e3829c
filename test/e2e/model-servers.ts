/** The v1 and v2 demo model servers in their own child process, driven over HTTP. */
import { request } from 'undici';
import type { FaultSpecInput, ModelServerOptions } from '../../src/demo/model-server/index.js';
import { spawnEntry } from './spawn-entry.js';

export interface RemoteModelServer {
  url: string;
  /** Replaces the active faults (`POST /admin/faults`). */
  setFaults(faults: FaultSpecInput[]): Promise<void>;
}

export interface ModelServers {
  v1: RemoteModelServer;
  v2: RemoteModelServer;
  close(): Promise<void>;
}

export async function startModelServers(options: {
  v1?: ModelServerOptions;
  v2?: ModelServerOptions;
}): Promise<ModelServers> {
  const entry = await spawnEntry<{ v1: string; v2: string }>(
    new URL('./model-servers-entry.ts', import.meta.url),
    [JSON.stringify(options)],
  );
  const remote = (url: string): RemoteModelServer => ({
    url,
    async setFaults(faults) {
      const response = await request(`${url}/admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults, mode: 'replace' }),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`setting faults on ${url}: ${text}`);
    },
  });
  return {
    v1: remote(entry.ready.v1),
    v2: remote(entry.ready.v2),
    async close() {
      entry.child.kill('SIGTERM');
      await entry.exited;
    },
  };
}
