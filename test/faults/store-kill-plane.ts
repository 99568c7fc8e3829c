/** A control plane child that kills itself at a registry call (store-kill-entry.ts), and restarts on the same state. */
import { spawnEntry } from '../e2e/spawn-entry.js';
import type { RegistryKillSwitch } from './store-kill-entry.js';

export type { RegistryKillSwitch };

export interface KillablePlane {
  url: string;
  token: string | undefined;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** True once the kill switch fired. */
  killed(): boolean;
  stop(): Promise<void>;
}

export async function startKillablePlane(options: {
  dataDir: string;
  databaseUrl: string | undefined;
  kill?: RegistryKillSwitch | undefined;
}): Promise<KillablePlane> {
  const entry = await spawnEntry<{ url: string; token?: string }>(
    new URL('./store-kill-entry.ts', import.meta.url),
    [JSON.stringify(options)],
    60_000,
  );
  return {
    url: entry.ready.url,
    token: entry.ready.token,
    exited: entry.exited,
    killed: () => entry.lines.some((l) => l.includes('"killedAt"')),
    async stop() {
      if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGTERM');
      await entry.exited;
    },
  };
}
