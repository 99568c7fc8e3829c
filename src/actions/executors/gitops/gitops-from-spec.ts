/** Builds the GitOps step a rollout's `kind: gitops` entry describes. */
import type { Registry } from '../../../registry/registry.js';
import type { Executor } from '../executor.js';
import { createGitopsExecutor } from './gitops-executor.js';
import type { GitopsSpec } from './gitops-spec.js';
import { pinnedVersionsResolver } from './pinned-versions.js';

export function gitopsExecutorFromSpec(
  spec: GitopsSpec,
  context: { registry?: Pick<Registry, 'getRelease' | 'getVersion' | 'getFeature'> | undefined },
): Executor {
  const { registry } = context;
  const pinned = registry ? pinnedVersionsResolver(registry) : undefined;
  return createGitopsExecutor({
    name: spec.name ?? spec.file,
    workdir: spec.workdir,
    file: spec.file,
    remote: spec.remote,
    branch: spec.branch,
    pinned: (release, signal) => {
      if (!pinned)
        throw new Error(`gitops:${spec.name ?? spec.file}: needs the registry to read the pinned versions`);
      return pinned(release, signal);
    },
  });
}
