/** A control plane in a child process that a test kills (SIGKILL) and restarts on the same state. */
import type { KillSwitch } from './plane-entry.js';
import { spawnEntry } from './spawn-entry.js';

export type { KillSwitch };

export interface PlaneProcess {
  url: string;
  gatewayUrl: string;
  /** The admin token, printed by the first start of a data dir / database only. */
  token: string | undefined;
  /** Resolves when the process has exited (killed by the test or by its kill switch). */
  exited: Promise<void>;
  /** When the kill switch fired (the process's own clock), if it did. */
  killedAt(): number | undefined;
  /** SIGKILL: no shutdown hook runs, as when a host dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPlaneProcess(options: {
  dataDir: string;
  databaseUrl: string | undefined;
  tickMs?: number;
  kill?: KillSwitch | undefined;
  shards?: number;
  /** How long the process may take to serve (a busy machine compiles slowly). @default 20000 */
  readyTimeoutMs?: number;
}): Promise<PlaneProcess> {
  const { readyTimeoutMs, ...entryOptions } = options;
  const entry = await spawnEntry<{ url: string; gatewayUrl: string; token?: string }>(
    new URL('./plane-entry.ts', import.meta.url),
    [JSON.stringify(entryOptions)],
    readyTimeoutMs,
  );
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill(name);
    await entry.exited;
  };
  return {
    url: entry.ready.url,
    gatewayUrl: entry.ready.gatewayUrl,
    token: entry.ready.token,
    exited: entry.exited,
    killedAt: () => {
      const line = entry.lines.find((l) => l.includes('"killedAt"'));
      return line ? (JSON.parse(line) as { killedAt: number }).killedAt : undefined;
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
