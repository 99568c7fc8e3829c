/**
 * The rollback target's last warm-up reading per watched rollout (controller/warm-up/), so
 * "kept warm" is a measured series: its p95 latency, the limit it is held to, and whether it
 * was warm.
 */
import type { WarmTargetStatus } from '../controller/warm-up/keep-warm.js';
import { Gauge, type Registry } from '../telemetry/prom-classes.js';

interface WatchedRollout {
  name: string;
  model: string;
  live: boolean;
  warm: WarmTargetStatus | undefined;
}

export function registerWarmTargetGauges(
  registry: Registry,
  rollouts: () => Promise<WatchedRollout[]>,
): void {
  const each = async (set: (labels: Record<string, string>, warm: WarmTargetStatus) => void) => {
    for (const r of await rollouts())
      if (r.live && r.warm) set({ rollout: r.name, model: r.model, release: r.warm.release }, r.warm);
  };
  new Gauge({
    name: 'ripcord_target_warm_latency_seconds',
    help: "p95 latency of the rollback target's last warm-up requests (limit: its own p95 × latencyFactor).",
    labelNames: ['rollout', 'model', 'release', 'series'],
    registers: [registry],
    async collect() {
      this.reset();
      await each((labels, warm) => {
        if (warm.p95Ms !== null) this.set({ ...labels, series: 'warm-up p95' }, warm.p95Ms / 1000);
        if (warm.limitMs !== null) this.set({ ...labels, series: 'limit' }, warm.limitMs / 1000);
      });
    },
  });
  new Gauge({
    name: 'ripcord_target_warm',
    help: 'Whether the rollback target passed its last warm-up check (1) or went cold (0).',
    labelNames: ['rollout', 'model', 'release'],
    registers: [registry],
    async collect() {
      this.reset();
      await each((labels, warm) => this.set(labels, warm.warm ? 1 : 0));
    },
  });
}
