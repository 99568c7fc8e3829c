/** Shadow agreement gauges on the gateway's /metrics registry, read from the diff reports at scrape time. */
import { Gauge, type Registry } from '../../telemetry/prom-classes.js';

import type { ShadowReport } from './shadow-report.js';

export function registerShadowMetrics(registry: Registry, reports: () => ShadowReport[]): void {
  new Gauge({
    name: 'ripcord_shadow_agreement',
    help: 'Shadow vs primary agreement since start: exact, within tolerance, top-k Jaccard, label agreement.',
    labelNames: ['model', 'release', 'measure'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of reports()) {
        const o = r.overall;
        const measures: [string, number | null][] = [
          ['exact', o.exactRate],
          ['tolerance', o.toleranceRate],
          ['jaccard', o.meanJaccard],
          ['label', o.labelAgreement],
        ];
        for (const [measure, value] of measures)
          if (value !== null) this.set({ model: r.model, release: r.release, measure }, value);
      }
    },
  });
}
