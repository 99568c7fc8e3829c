/**
 * A controller that judges hundreds of rollouts under Node's default heap settings grows to
 * gigabytes (V8 defers full collections while it has room) and its collector stalls ticks; the
 * README sizes it instead with a capped old space and a larger young generation (bench/scale
 * RESULTS.md: 1,000 rollouts a minute into their steps in 419-434 MB, against ~1.2 GB uncapped). `ripcord up` cannot set V8's
 * heap flags for its own process once started, so it says so, once, in the log, when it first leads
 * that many rollouts without a cap.
 */
import { getHeapStatistics } from 'node:v8';
import type { TickReport } from '../controller/create-controller.js';
import type { Logger } from '../core/logger.js';

/** Rollouts on one controller from which the heap settings matter (bench/scale: ~1.2 MB each uncapped). */
export const ADVISE_FROM_ROLLOUTS = 300;
/** A heap limit above this is Node's default (it scales with the machine's memory), not a cap. */
const UNCAPPED_ABOVE_MB = 1024;
export const SIZED_NODE_OPTIONS = '--max-old-space-size=256 --max-semi-space-size=32';

/**
 * Watches a controller's ticks and logs the sizing advice once. `heapLimitMb`: V8's heap limit
 * (injected by tests).
 */
export function adviseHeapSizing(
  controller: { onTick(listener: (tick: TickReport) => void): () => void },
  logger: Logger,
  heapLimitMb: () => number = () => getHeapStatistics().heap_size_limit / 2 ** 20,
): () => void {
  let advised = false;
  const stop = controller.onTick((tick) => {
    if (advised || !tick.leader || tick.reconciled < ADVISE_FROM_ROLLOUTS) return;
    const limitMb = Math.round(heapLimitMb());
    if (limitMb <= UNCAPPED_ABOVE_MB) return;
    advised = true;
    logger.warn(
      { rollouts: tick.reconciled, heapLimitMb: limitMb, tickMs: Math.round(tick.durationMs) },
      `this controller runs ${tick.reconciled} rollouts on Node's default heap (limit ${limitMb} MB), which grows ` +
        `to ~1.2 MB per rollout and stalls ticks in full collections; restart it with ` +
        `NODE_OPTIONS="${SIZED_NODE_OPTIONS}" (~0.5 MB per rollout; README, "Benchmarks"), ` +
        'or shard the models across controllers (ripcord up --controller-shards)',
    );
  });
  return stop;
}
