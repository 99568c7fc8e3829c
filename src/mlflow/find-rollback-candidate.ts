/**
 * The seed's `find_rollback_candidate` over MLflow's versions: the newest version tagged
 * `rollback.healthy_baseline=true`, else the newest Archived one, never an excluded one.
 * Versions compare as numbers ("10" is newer than "9").
 */
import { tagRecord, type MlflowModelVersion } from './mlflow-types.js';

export interface MlflowCandidate {
  version: string;
  reason: 'healthy-baseline' | 'archived';
}

export function findRollbackCandidate(
  versions: readonly MlflowModelVersion[],
  exclude: readonly string[] = [],
): MlflowCandidate | undefined {
  const skip = new Set(exclude);
  const eligible = versions.filter((v) => !skip.has(v.version));
  const newest = (list: MlflowModelVersion[]) =>
    list.reduce<MlflowModelVersion | undefined>(
      (best, v) => (best === undefined || Number(v.version) > Number(best.version) ? v : best),
      undefined,
    );
  const healthy = newest(eligible.filter((v) => isHealthyBaseline(v)));
  if (healthy) return { version: healthy.version, reason: 'healthy-baseline' };
  const archived = newest(eligible.filter((v) => v.current_stage === 'Archived'));
  return archived ? { version: archived.version, reason: 'archived' } : undefined;
}

export function isHealthyBaseline(version: MlflowModelVersion): boolean {
  return tagRecord(version)['rollback.healthy_baseline'] === 'true';
}
