/**
 * Where a rollback of a model would go, decided over what the registry holds: the designated
 * last-known-good release, else the newest healthy baseline, else the newest earlier production
 * release. The release being pulled and releases already rolled back are never the answer.
 */
import type { AliasMove, Release, RollbackCandidate } from './types.js';

export interface RollbackFacts {
  model: string;
  /** The release a rollback would pull (named, or production's release now). */
  pulled: string | undefined;
  /** Where the last-known-good alias points, if it is set. */
  lastKnownGood: string | undefined;
  /** The model's releases, oldest first. */
  releases: readonly Release[];
  /** The production alias's moves, oldest first. */
  productionMoves: readonly AliasMove[];
}

export type RollbackAnswer = RollbackCandidate | { release: null; explanation: string };

export function chooseRollbackCandidate(facts: RollbackFacts): RollbackAnswer {
  const { model, pulled, lastKnownGood } = facts;
  const releases = facts.releases.filter((r) => r.name !== pulled);
  const usable = (r: Release): boolean => !r.marks.some((m) => m.kind === 'rolled-back');
  if (lastKnownGood !== undefined && lastKnownGood !== pulled) {
    return {
      release: lastKnownGood,
      reason: 'designated',
      explanation: `"${lastKnownGood}" is the designated last-known-good release of ${model}`,
    };
  }
  const baseline = releases.filter((r) => r.healthyBaseline && usable(r)).at(-1);
  if (baseline) {
    return {
      release: baseline.name,
      reason: 'healthy-baseline',
      explanation: `"${baseline.name}" is the newest release of ${model} marked as a healthy baseline`,
    };
  }
  const byName = new Map(releases.map((r) => [r.name, r]));
  for (const move of [...facts.productionMoves].reverse()) {
    const candidate = move.to ? byName.get(move.to) : undefined;
    if (candidate && usable(candidate)) {
      return {
        release: candidate.name,
        reason: 'previous-production',
        explanation: `"${candidate.name}" is the newest release other than the one being replaced to serve production (since ${move.at})`,
      };
    }
  }
  return {
    release: null,
    explanation:
      `no rollback target for ${model}: no last-known-good alias, no release marked as a healthy baseline, ` +
      `and no earlier production release${pulled ? ` other than "${pulled}"` : ''}; designate one with ` +
      `\`ripcord alias set ${model} last-known-good RELEASE\``,
  };
}
