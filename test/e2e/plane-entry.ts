/**
 * Child-process entry: a control plane as `ripcord up` runs it (API, gateway, controller) on the
 * given data dir and database, so a test can kill it and start another on the same state. Prints
 * `{"url", "gatewayUrl", "token"}` once serving (token only on the first start).
 *
 * With `kill`, the process SIGKILLs itself at an exact point of the named rollout's rollback: when
 * the controller emits an event (the decision, made but not yet stored; an action journaled; a
 * phase note), or — `write` — when the rollback's first registry write of a kind commits, before
 * the action that made it is journaled. It prints `{"killedAt"}` first.
 */
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';

export interface KillSwitch {
  rollout: string;
  /**
   * `incident`; `action` (`name`: the executor); `phase` (`name`: the message's start); `write`
   * (`name`: the registry change kind: traffic, alias, release, flag), once the rollback is decided.
   */
  type: 'incident' | 'action' | 'phase' | 'write';
  name?: string;
  /** After the point, wait this long (a timer: lands wherever the process is by then). */
  delayMs: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  databaseUrl?: string;
  tickMs?: number;
  kill?: KillSwitch;
  /** Share the models with the other planes on the database, in this many shards. */
  shards?: number;
};
const parts = standardPlugins({
  gateway: { port: 0 },
  controller: {
    tickMs: options.tickMs ?? 250,
    ...(options.shards === undefined ? {} : { controller: { shards: options.shards } }),
  },
});
const plane = await startControlPlane({
  dataDir: options.dataDir,
  databaseUrl: options.databaseUrl,
  port: 0,
  plugins: parts.list,
});
const kill = options.kill;
if (kill) {
  const die = (): void => {
    // Pipes are written synchronously on Linux: the line is out before the signal lands.
    process.stdout.write(`${JSON.stringify({ killedAt: Date.now() })}\n`);
    process.kill(process.pid, 'SIGKILL');
  };
  const fire = (): void => {
    if (kill.delayMs > 0) setTimeout(die, kill.delayMs);
    else die();
  };
  let decided = false;
  parts.controller.controller().subscribe((event) => {
    if (event.rollout !== kill.rollout) return;
    if (event.type === 'incident') decided = true;
    if (event.type !== kill.type) return;
    if (kill.type === 'action' && event.action?.name !== kill.name) return;
    if (kill.type === 'phase' && !event.message.startsWith(kill.name ?? '')) return;
    fire();
  });
  // Listeners run right after the registry commits, before the executor returns to the plan.
  plane.registry.onChange((change) => {
    if (kill.type === 'write' && decided && change.kind === kill.name) fire();
  });
}
process.stdout.write(
  `${JSON.stringify({ url: plane.url, gatewayUrl: parts.gateway.url(), token: plane.bootstrapToken })}\n`,
);
const stop = (): void => void plane.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
