import { getHeapStatistics } from 'node:v8';

import { describe, expect, it } from 'vitest';

import type { TickReport } from '../controller/create-controller.js';
import type { Logger } from '../core/logger.js';
import { ADVISE_FROM_ROLLOUTS, adviseHeapSizing, SIZED_NODE_OPTIONS } from './heap-sizing-advice.js';

function fakeController() {
  const listeners = new Set<(tick: TickReport) => void>();
  return {
    onTick(listener: (tick: TickReport) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tick(reconciled: number, leader = true) {
      for (const l of listeners) l({ durationMs: 800, leader, reconciled, failed: false, lookStride: 1 });
    },
    listening: () => listeners.size,
  };
}

function recordingLogger(): Logger & { warnings: { fields: unknown; message: string }[] } {
  const warnings: { fields: unknown; message: string }[] = [];
  const ignore = (): void => undefined;
  return {
    warnings,
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (fields: unknown, message?: string) => warnings.push({ fields, message: message ?? '' }),
  } as Logger & { warnings: { fields: unknown; message: string }[] };
}

describe('adviseHeapSizing', () => {
  it('says once, when a leading controller first runs many rollouts on an uncapped heap, which flags size it', () => {
    const controller = fakeController();
    const logger = recordingLogger();
    adviseHeapSizing(controller, logger, () => 4144);
    controller.tick(ADVISE_FROM_ROLLOUTS - 1);
    controller.tick(5000, false);
    expect(logger.warnings).toEqual([]);
    controller.tick(1000);
    controller.tick(1200);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]!.message).toContain(`NODE_OPTIONS="${SIZED_NODE_OPTIONS}"`);
    expect(logger.warnings[0]!.message).toContain('1000 rollouts');
    expect(logger.warnings[0]!.fields).toMatchObject({ rollouts: 1000, heapLimitMb: 4144 });
  });

  it('stays quiet where the heap is capped, and stops listening when stopped', () => {
    const controller = fakeController();
    const logger = recordingLogger();
    const stop = adviseHeapSizing(controller, logger, () => 288);
    controller.tick(1000);
    expect(logger.warnings).toEqual([]);
    stop();
    expect(controller.listening()).toBe(0);
  });

  it("reads this process's own heap limit by default", () => {
    const controller = fakeController();
    const logger = recordingLogger();
    adviseHeapSizing(controller, logger);
    controller.tick(1000);
    const limitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
    expect(logger.warnings).toHaveLength(limitMb > 1024 ? 1 : 0);
    if (limitMb > 1024)
      expect(logger.warnings[0]!.fields).toMatchObject({ heapLimitMb: Math.round(limitMb) });
  });
});
