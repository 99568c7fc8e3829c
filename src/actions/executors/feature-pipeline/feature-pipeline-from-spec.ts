/** Builds the feature-pipeline step a rollout's `kind: feature-pipeline` entry describes. */
import type { Registry } from '../../../registry/registry.js';
import type { Executor } from '../executor.js';
import { createFeaturePipelineExecutor, type PinnedSource } from './feature-pipeline-executor.js';
import type { FeaturePipelineSpec } from './feature-pipeline-spec.js';

/** The pipeline source a release pins: its version of `feature`, and that version's `source`. */
export function pinnedSourceResolver(registry: Pick<Registry, 'getRelease' | 'getFeature'>, feature: string) {
  return async (release: string, signal: AbortSignal): Promise<PinnedSource> => {
    signal.throwIfAborted();
    const ref = (await registry.getRelease(release)).features.find((f) => f.name === feature);
    if (!ref)
      throw new Error(`feature-pipeline:${feature}: release ${release} uses no version of ${feature}`);
    const version = await registry.getFeature(ref.name, ref.version);
    if (!version.source)
      throw new Error(
        `feature-pipeline:${feature}: ${ref.name}@${ref.version} records no source commit; register it with source: { commit, path }`,
      );
    return version.source;
  };
}

export function featurePipelineExecutorFromSpec(
  spec: FeaturePipelineSpec,
  context: { registry?: Pick<Registry, 'getRelease' | 'getFeature'> | undefined },
): Executor {
  const { registry } = context;
  const pinned = registry ? pinnedSourceResolver(registry, spec.feature) : undefined;
  return createFeaturePipelineExecutor({
    name: spec.name ?? spec.feature,
    workdir: spec.workdir,
    path: spec.path,
    remote: spec.remote,
    branch: spec.branch,
    mode: spec.mode,
    dvc: spec.dvc,
    pinnedSource: (release, signal) => {
      if (!pinned)
        throw new Error(`feature-pipeline:${spec.feature}: needs the registry to read the pinned commit`);
      return pinned(release, signal);
    },
  });
}
