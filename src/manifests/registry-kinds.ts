/** Manifest kinds for registry resources: Model, ModelVersion, FeatureVersion, Release, TrafficPolicy. */
import { NotFoundError } from '../core/errors.js';
import type { Registry } from '../registry/registry.js';
import type { Model } from '../registry/types.js';
import {
  FeatureVersionInputSchema,
  ModelInputSchema,
  ModelVersionInputSchema,
  ReleaseInputSchema,
} from '../registry/schemas.js';
import type {
  FeatureVersionInput,
  ModelInput,
  ModelVersionInput,
  ReleaseInput,
} from '../registry/schemas.js';
import { assertTrafficFree, type TrafficOwner } from '../registry/traffic-owner.js';
import { TrafficPolicyInputSchema } from '../registry/traffic-policy.js';
import type { TrafficPolicyInput } from '../registry/traffic-policy.js';
import type { ManifestDocument, ManifestKind } from './manifest-kind.js';

export interface RegistryServices {
  registry: Registry;
  /** The rollout driving a model's traffic, if any: a TrafficPolicy manifest then gets a 409. */
  trafficOwner?: TrafficOwner | undefined;
}

/** `metadata.name` becomes `nameField` of the input; everything else comes from `spec`. */
function namedKind(
  kind: string,
  nameField: string,
  rest: Pick<ManifestKind<RegistryServices>, 'schema' | 'apply'>,
  transformSpec: (spec: Record<string, unknown>) => Record<string, unknown> = (spec) => spec,
  featureRefFields: readonly string[] = [],
): ManifestKind<RegistryServices> {
  return {
    kind,
    nameField,
    featureRefFields,
    ...rest,
    toInput: (doc: ManifestDocument) => ({ ...transformSpec(doc.spec), [nameField]: doc.metadata['name'] }),
    manifestPath: (path) =>
      path[0] === nameField && path.length === 1 ? ['metadata', 'name'] : ['spec', ...path],
  };
}

/** Accepts `features: [item-encoder@5]` as well as `[{name: item-encoder, version: "5"}]`. */
function expandFeatureRefs(spec: Record<string, unknown>): Record<string, unknown> {
  const features = spec['features'];
  if (!Array.isArray(features)) return spec;
  return {
    ...spec,
    features: features.map((ref: unknown) => {
      if (typeof ref !== 'string' || !ref.includes('@')) return ref;
      const at = ref.lastIndexOf('@');
      return { name: ref.slice(0, at), version: ref.slice(at + 1) };
    }),
  };
}

/**
 * The model as it stands before the apply, or undefined when it is new. Only "not found" means
 * new: any other failure (the database is down) stops the apply rather than misreport "created".
 */
async function existingModel(registry: Registry, name: string): Promise<Model | undefined> {
  try {
    return await registry.getModel(name);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export const registryKinds: ManifestKind<RegistryServices>[] = [
  namedKind('Model', 'name', {
    schema: ModelInputSchema,
    async apply({ registry }, input, actor) {
      const spec = input as ModelInput;
      const before = await existingModel(registry, spec.name);
      const after = await registry.upsertModel(spec, actor);
      return {
        kind: 'Model',
        name: spec.name,
        result: !before ? 'created' : before.revision === after.revision ? 'unchanged' : 'configured',
      };
    },
  }),
  namedKind(
    'ModelVersion',
    'model',
    {
      schema: ModelVersionInputSchema,
      async apply({ registry }, input, actor) {
        const { version, created } = await registry.registerVersion(input as ModelVersionInput, actor);
        return {
          kind: 'ModelVersion',
          name: `${version.model}@${version.version}`,
          result: created ? 'created' : 'unchanged',
        };
      },
    },
    expandFeatureRefsIn('compatibleFeatures'),
    ['compatibleFeatures'],
  ),
  namedKind('FeatureVersion', 'name', {
    schema: FeatureVersionInputSchema,
    async apply({ registry }, input, actor) {
      const { feature, created } = await registry.registerFeature(input as FeatureVersionInput, actor);
      return {
        kind: 'FeatureVersion',
        name: `${feature.name}@${feature.version}`,
        result: created ? 'created' : 'unchanged',
      };
    },
  }),
  namedKind(
    'Release',
    'name',
    {
      schema: ReleaseInputSchema,
      async apply({ registry }, input, actor) {
        const spec = input as ReleaseInput;
        const { release, created } = await registry.createRelease(spec, actor);
        let result: 'created' | 'unchanged' | 'configured' = created ? 'created' : 'unchanged';
        if (
          !created &&
          spec.healthyBaseline !== undefined &&
          spec.healthyBaseline !== release.healthyBaseline
        ) {
          await registry.setHealthyBaseline(release.name, spec.healthyBaseline, actor);
          result = 'configured';
        }
        return { kind: 'Release', name: release.name, result };
      },
    },
    expandFeatureRefs,
    ['features'],
  ),
  namedKind('TrafficPolicy', 'model', {
    schema: TrafficPolicyInputSchema,
    async apply({ registry, trafficOwner }, input, actor) {
      const spec = input as TrafficPolicyInput;
      await assertTrafficFree(trafficOwner, spec.model);
      const before = await registry.getTrafficPolicy(spec.model);
      const after = await registry.setTrafficPolicy(spec, actor);
      return {
        kind: 'TrafficPolicy',
        name: spec.model,
        result: !before ? 'created' : before.revision === after.revision ? 'unchanged' : 'configured',
      };
    },
  }),
];

function expandFeatureRefsIn(field: string) {
  return (spec: Record<string, unknown>): Record<string, unknown> => {
    const expanded = expandFeatureRefs({ features: spec[field] });
    return spec[field] === undefined ? spec : { ...spec, [field]: expanded['features'] };
  };
}
