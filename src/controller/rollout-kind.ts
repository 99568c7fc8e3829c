import type { ManifestKind } from '../manifests/index.js';
import type { Controller } from './create-controller.js';
import { RolloutSpecSchema } from './rollout-spec.js';
import type { RolloutSpecInput } from './rollout-spec.js';

/** `kind: Rollout` manifests: applying one starts it (an identical re-apply is a no-op). */
export function rolloutKind(controller?: Controller): ManifestKind<{ controller?: Controller }> {
  return {
    kind: 'Rollout',
    schema: RolloutSpecSchema,
    nameField: 'name',
    toInput: (doc) => ({ ...doc.spec, name: doc.metadata['name'] }),
    manifestPath: (path) =>
      path[0] === 'name' && path.length === 1 ? ['metadata', 'name'] : ['spec', ...path],
    async apply(services, input, actor) {
      const target = services.controller ?? controller;
      if (!target)
        throw new Error('this control plane runs no controller (start it with the controller role)');
      const spec = input as RolloutSpecInput;
      const existing = await target.deps.rollouts.get(spec.name);
      if (existing) return { kind: 'Rollout', name: spec.name, result: 'unchanged' };
      await target.startRollout(spec, actor);
      return { kind: 'Rollout', name: spec.name, result: 'created' };
    },
  };
}
