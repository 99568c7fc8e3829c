/**
 * What a release pins, as the GitOps file states it: the model version with its artifact, digest
 * and training data, every feature version with the commit it was built from, and the serving
 * config. Read from the registry only, so the file says exactly what ripcord serves.
 */
import type { Registry } from '../../../registry/registry.js';
import type { ServingConfig } from '../../../registry/schemas.js';

export interface PinnedVersions {
  model: string;
  release: string;
  modelVersion: {
    version: number;
    artifactUri: string;
    digest: string;
    datasetVersion?: string | undefined;
    trainingConfigCommit?: string | undefined;
  };
  features: { name: string; version: string; digest: string; commit?: string; path?: string }[];
  serving: ServingConfig;
}

export function pinnedVersionsResolver(registry: Pick<Registry, 'getRelease' | 'getVersion' | 'getFeature'>) {
  return async (release: string, signal: AbortSignal): Promise<PinnedVersions> => {
    signal.throwIfAborted();
    const bundle = await registry.getRelease(release);
    const version = await registry.getVersion(bundle.model, bundle.modelVersion);
    const features = [];
    for (const ref of bundle.features) {
      const feature = await registry.getFeature(ref.name, ref.version);
      features.push({
        name: ref.name,
        version: ref.version,
        digest: feature.digest,
        ...(feature.source ? { commit: feature.source.commit } : {}),
        ...(feature.source?.path ? { path: feature.source.path } : {}),
      });
    }
    return {
      model: bundle.model,
      release: bundle.name,
      modelVersion: {
        version: version.version,
        artifactUri: version.artifactUri,
        digest: version.digest,
        ...(version.datasetVersion ? { datasetVersion: version.datasetVersion } : {}),
        ...(version.trainingConfigCommit ? { trainingConfigCommit: version.trainingConfigCommit } : {}),
      },
      features,
      serving: bundle.serving,
    };
  };
}
