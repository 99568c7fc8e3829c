/**
 * A provider with no data: every window is empty, so judges wait (insufficient data) and never
 * pass a release on it. For a control plane that judges nothing, and the contract's baseline.
 */
import { emptyWindow } from '../../empty-window.js';
import { describeQuery } from '../describe-query.js';
import { MetricReadError, type MetricProvider, type WindowQuery } from '../metric-provider.js';

export const NOOP_PROVIDER = 'noop';

export function noopProvider(): MetricProvider {
  return {
    name: NOOP_PROVIDER,
    async window(query) {
      checkSpan(query);
      return emptyWindow(query.release, query.from, query.to, query.model);
    },
    async series(query) {
      checkSpan(query);
      if (!(query.stepMs > 0)) refuse(query, `stepMs must be > 0 (got ${query.stepMs})`);
      const out = [];
      for (let from = query.from; from < query.to; from += query.stepMs)
        out.push(emptyWindow(query.release, from, Math.min(query.to, from + query.stepMs), query.model));
      return out;
    },
  };
}

function checkSpan(query: WindowQuery): void {
  if (!Number.isFinite(query.from) || !Number.isFinite(query.to) || query.to < query.from)
    refuse(query, 'need finite from <= to');
}

function refuse(query: WindowQuery, why: string): never {
  throw new MetricReadError(`${NOOP_PROVIDER}: cannot read ${describeQuery(query)}: ${why}`, {
    provider: NOOP_PROVIDER,
  });
}
