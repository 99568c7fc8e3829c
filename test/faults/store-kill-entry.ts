/**
 * Child-process entry for the store fault suites: a control plane as `ripcord up` runs it (API,
 * gateway, controller) on the given data dir or PostgreSQL database, printing
 * `{"url", "gatewayUrl", "token"}` once serving. With `kill`, it SIGKILLs itself on the `nth` call
 * of a registry method (optionally only for one audit `action`), before that call runs: a host
 * dying in the middle of an apply or between a rollback's status write and its audit entry.
 */
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlanePlugin } from '../../src/server/start-control-plane.js';

export interface RegistryKillSwitch {
  /** Registry method, e.g. upsertModel, recordAudit, markRelease. */
  call: string;
  /** 1-based: the call that never runs. */
  nth: number;
  /** For recordAudit: only entries with this action count. */
  action?: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  databaseUrl?: string;
  kill?: RegistryKillSwitch;
};
const kill = options.kill;
const parts = standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 250 } });
/** Wraps the registry first, so every caller (API, manifests, controller, gateway barrier) goes through it. */
const killSwitch: ControlPlanePlugin = {
  name: 'kill-switch',
  wrapRegistry(registry) {
    if (!kill) return registry;
    let calls = 0;
    return new Proxy(registry, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = (value as (...a: unknown[]) => unknown).bind(target);
        if (prop !== kill.call) return method;
        return (...args: unknown[]) => {
          const action = (args[0] as { action?: unknown } | undefined)?.action;
          if (kill.action === undefined || action === kill.action) {
            calls += 1;
            if (calls === kill.nth) {
              // Pipes are written synchronously on Linux: the line is out before the signal lands.
              process.stdout.write(`${JSON.stringify({ killedAt: Date.now() })}\n`);
              process.kill(process.pid, 'SIGKILL');
            }
          }
          return method(...args);
        };
      },
    });
  },
};
const plane = await startControlPlane({
  dataDir: options.dataDir,
  databaseUrl: options.databaseUrl,
  port: 0,
  plugins: [killSwitch, ...parts.list],
});
process.stdout.write(
  `${JSON.stringify({ url: plane.url, gatewayUrl: parts.gateway.url(), token: plane.bootstrapToken })}\n`,
);
const stop = (): void => void plane.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
