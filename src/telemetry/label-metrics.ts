/** `/metrics` series for capped client labels: how many values each holds and how many overflowed into `other`. */
import type { LabelCap } from './label-cap.js';
import { Counter, Gauge, type Registry } from './prom-classes.js';

export function registerLabelMetrics(registry: Registry, caps: readonly LabelCap[]): void {
  new Counter({
    name: 'ripcord_label_overflow_total',
    help: 'Client-chosen label values recorded as "other" because the label reached its cap (limits.regionValues).',
    labelNames: ['label'],
    registers: [registry],
    collect() {
      this.reset();
      for (const cap of caps) this.inc({ label: cap.label }, cap.overflow);
    },
  });
  new Gauge({
    name: 'ripcord_label_values',
    help: 'Distinct client-chosen values a capped label holds under their own name.',
    labelNames: ['label'],
    registers: [registry],
    collect() {
      for (const cap of caps) this.set({ label: cap.label }, cap.size);
    },
  });
}
