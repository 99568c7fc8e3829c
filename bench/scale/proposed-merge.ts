/**
 * What-if for the scale bench: HeavyHitters.merge without its second pass when the merged-in
 * counter is exact (floor 0), which is every per-second bucket below capacity. That pass adds
 * `other.floor` to each item `other` lacks — adding 0 — yet walks the whole accumulated window on
 * every merge, so a window of n seconds costs O(n × window items) instead of O(n × bucket items).
 * The result is identical; the bench installs it in its own process only, to size the proposal.
 */
import { HeavyHitters } from '../../src/telemetry/index.js';

export function useProposedMerge(): void {
  const original = HeavyHitters.prototype.merge;
  HeavyHitters.prototype.merge = function merge(this: HeavyHitters, other: HeavyHitters): void {
    if (other.floor !== 0) return original.call(this, other);
    for (const [item, count] of other.counts) {
      const current = this.counts.get(item);
      this.counts.set(item, (current ?? this.floor) + count);
    }
    this.total += other.total;
    if (this.counts.size > this.capacity) (this as unknown as { prune(): void }).prune();
  };
}
