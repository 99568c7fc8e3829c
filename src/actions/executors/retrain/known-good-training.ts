/**
 * What an emergency retrain starts from: the dataset version and training config commit of the
 * newest model version that is known good, meaning one of its releases is a healthy baseline
 * (first) or at least was never rolled back, and the pulled release is not among them.
 */
import type { Registry } from '../../../registry/registry.js';

export interface TrainingInputs {
  datasetVersion: string;
  configCommit: string;
  /** The release whose model version the inputs come from. */
  from?: string | undefined;
}

export async function knownGoodTraining(
  registry: Pick<Registry, 'listReleases' | 'getVersion'>,
  model: string,
  pulled: string,
): Promise<TrainingInputs | undefined> {
  const pulledVersion = (await registry.listReleases(model)).find((r) => r.name === pulled)?.modelVersion;
  const good = (await registry.listReleases(model))
    .filter((r) => r.name !== pulled && r.modelVersion !== pulledVersion && !r.archived)
    .filter((r) => !r.marks.some((m) => m.kind === 'rolled-back'))
    .sort(
      (a, b) =>
        Number(b.healthyBaseline) - Number(a.healthyBaseline) || b.createdAt.localeCompare(a.createdAt),
    );
  for (const release of good) {
    const version = await registry.getVersion(model, release.modelVersion);
    if (version.datasetVersion && version.trainingConfigCommit)
      return {
        datasetVersion: version.datasetVersion,
        configCommit: version.trainingConfigCommit,
        from: release.name,
      };
  }
  return undefined;
}
