/**
 * The rules of metric-provider.ts as one suite every provider runs (Hono's runTest shape): its
 * test calls `runMetricProviderContract(name, make)` with a factory for a fresh provider.
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { ReleaseWindow } from '../../telemetry/types.js';
import { MetricReadError, type MetricProvider } from './metric-provider.js';

export interface MetricProviderFixture {
  subject: MetricProvider;
  /** Epoch ms at or after which the fixture's spans lie; `record` and reads use seconds after it. */
  start: number;
  /**
   * Records `requests` successful requests of `latencyMs` for a release of model `recsys` in the
   * second starting at `at` (a whole second). Absent for a provider that holds no data (noop).
   */
  record?(release: string, at: number, requests: number, latencyMs: number): void | Promise<void>;
  /** Makes every later read fail, as an unreachable backend would. Absent when nothing can fail so. */
  breakReads?(): void;
  close(): Promise<void>;
}

const MODEL = 'recsys';

export function runMetricProviderContract(name: string, make: () => Promise<MetricProviderFixture>): void {
  describe(`MetricProvider contract: ${name}`, () => {
    let fixture: MetricProviderFixture | undefined;
    const open = async (): Promise<MetricProviderFixture> => (fixture = await make());
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    it('names itself', async () => {
      const { subject } = await open();
      expect(subject.name).toMatch(/^[a-z][a-z0-9-]*$/);
    });

    it('answers a release without traffic with an empty window, not an error', async () => {
      const { subject, start } = await open();
      const w = await subject.window({
        model: MODEL,
        release: 'never-served',
        from: start,
        to: start + 10_000,
      });
      expect(w).toMatchObject({ model: MODEL, release: 'never-served', from: start, to: start + 10_000 });
      expect(w.requests).toBe(0);
      expect(w.latency.count).toBe(0);
    });

    it('gives a series one window per step over [from, to), oldest first', async () => {
      const f = await open();
      const { subject, start } = f;
      await f.record?.('v2', start + 1000, 3, 50);
      await f.record?.('v2', start + 4000, 5, 80);
      const series = await subject.series({
        model: MODEL,
        release: 'v2',
        from: start,
        to: start + 5_000,
        stepMs: 2000,
      });
      expect(series.map((w) => [w.from - start, w.to - start])).toEqual([
        [0, 2000],
        [2000, 4000],
        [4000, 5000],
      ]);
      if (f.record) expect(series.map((w) => w.requests)).toEqual([3, 0, 5]);
      else expect(series.every((w) => w.requests === 0)).toBe(true);
    });

    it('merges what was recorded in [from, to) into one window', async () => {
      const f = await open();
      if (!f.record) return;
      await f.record('v2', f.start, 2, 40);
      await f.record('v2', f.start + 2000, 4, 60);
      await f.record('v2', f.start + 3000, 7, 90);
      const w = await f.subject.window({ model: MODEL, release: 'v2', from: f.start, to: f.start + 3000 });
      expect(w.requests).toBe(6);
      expect(w.outcomes.ok).toBe(6);
      expect(w.latency.count).toBe(6);
    });

    it('answers a closed span the same way twice', async () => {
      const f = await open();
      await f.record?.('v2', f.start + 1000, 4, 70);
      const query = { model: MODEL, release: 'v2', from: f.start, to: f.start + 3000 };
      const [a, b] = [await f.subject.window(query), await f.subject.window(query)];
      expect(summary(b)).toEqual(summary(a));
      const steps = { ...query, stepMs: 1000 };
      expect((await f.subject.series(steps)).map(summary)).toEqual(
        (await f.subject.series(steps)).map(summary),
      );
    });

    it('refuses a span that ends before it starts with a MetricReadError naming itself', async () => {
      const { subject, start } = await open();
      const bad = { model: MODEL, release: 'v2', from: start + 5000, to: start };
      await expectReadError(subject.window(bad), subject.name);
      await expectReadError(subject.series({ ...bad, stepMs: 1000 }), subject.name);
    });

    it('reports a failed read as a MetricReadError naming itself and the query', async () => {
      const f = await open();
      if (!f.breakReads) return;
      f.breakReads();
      const query = { model: MODEL, release: 'v2', from: f.start, to: f.start + 1000 };
      const error = await expectReadError(f.subject.window(query), f.subject.name);
      expect(error.message).toContain('v2');
      await expectReadError(f.subject.series({ ...query, stepMs: 1000 }), f.subject.name);
    });
  });
}

async function expectReadError(read: Promise<unknown>, provider: string): Promise<MetricReadError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MetricReadError);
  expect((error as MetricReadError).message).toContain(provider);
  return error as MetricReadError;
}

const summary = (w: ReleaseWindow) => ({
  from: w.from,
  to: w.to,
  requests: w.requests,
  outcomes: w.outcomes,
  latency: w.latency.count,
  p50: w.latency.count > 0 ? w.latency.getValueAtQuantile(0.5) : null,
});
