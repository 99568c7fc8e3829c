/**
 * What the live view charts, accumulated from the stored decisions, the event stream and each
 * fresh read of the rollout: the weight over time, and per trigger its readings.
 */
import type { Decision, RolloutView, StoredDecision, TriggerReading } from '../api/types';

export interface WeightPoint {
  at: number;
  weight: number;
}

export interface ReadingPoint {
  at: number;
  reading: TriggerReading;
}

export class RolloutHistory {
  readonly weights: WeightPoint[] = [];
  readonly readings = new Map<string, ReadingPoint[]>();
  readonly #seen = new Set<number>();

  addStored(decisions: StoredDecision[]): void {
    for (const d of decisions) {
      this.addDecision(d.decision);
      this.addWeight(d.decision.at, Math.round(d.candidateShare * 1000) / 10);
    }
  }

  addRollout(rollout: RolloutView, now: number): void {
    if (rollout.status.lastDecision) this.addDecision(rollout.status.lastDecision);
    this.addWeight(now, servedWeight(rollout));
  }

  addDecision(decision: Decision): void {
    if (this.#seen.has(decision.at)) return;
    this.#seen.add(decision.at);
    for (const reading of decision.readings) {
      const list = this.readings.get(reading.trigger) ?? [];
      list.push({ at: decision.at, reading });
      list.sort((a, b) => a.at - b.at);
      this.readings.set(reading.trigger, list.slice(-600));
    }
  }

  addWeight(at: number, weight: number): void {
    const last = this.weights.at(-1);
    if (last && last.at > at) {
      this.weights.push({ at, weight });
      this.weights.sort((a, b) => a.at - b.at);
    } else if (!last || last.weight !== weight || at - last.at > 5_000) {
      this.weights.push({ at, weight });
    }
    if (this.weights.length > 2000) this.weights.splice(0, this.weights.length - 2000);
  }
}

/** The candidate's share users get now: none once the rollout was rolled back or aborted. */
export function servedWeight(rollout: RolloutView): number {
  return ['RolledBack', 'Aborted'].includes(rollout.status.phase) ? 0 : rollout.status.weight;
}
