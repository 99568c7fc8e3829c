/**
 * The published schemas every object ripcord writes is checked against: Kubernetes' own OpenAPI
 * (`kubernetes-models`), Istio, Gateway API and Argo Rollouts (`@kubernetes-models/*`, generated
 * from each project's CRDs). A write that fails its schema is refused with 422 Invalid.
 */
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import type { KubeObject, ResourceType } from './contract-api-server.js';
import { INFERENCE_SERVICE } from './kserve.js';
import type { StatusCause } from './status.js';

interface Validatable {
  validate(): void;
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
}

/** Runs a kubernetes-models validator and turns its complaints into Status causes. */
function causes(model: Validatable): StatusCause[] {
  try {
    model.validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvLikeError[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0)
      return [{ reason: 'FieldValueInvalid', message: String((error as Error).message), field: '' }];
    return errors.map((e) => ({
      reason: 'FieldValueInvalid',
      message: e.message ?? 'invalid',
      field: (e.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.'),
    }));
  }
}

const type = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  custom: boolean,
  make: (o: KubeObject) => Validatable,
): ResourceType => ({ group, version, plural, kind, custom, validate: (o) => causes(make(o)) });

export const DEPLOYMENT = type(
  'apps',
  'v1',
  'deployments',
  'Deployment',
  false,
  (o) => new Deployment(o as never),
);
export const REPLICA_SET = type(
  'apps',
  'v1',
  'replicasets',
  'ReplicaSet',
  false,
  (o) => new ReplicaSet(o as never),
);
export const VIRTUAL_SERVICE = type(
  'networking.istio.io',
  'v1',
  'virtualservices',
  'VirtualService',
  true,
  (o) => new VirtualService(o as never),
);
export const HTTP_ROUTE = type(
  'gateway.networking.k8s.io',
  'v1',
  'httproutes',
  'HTTPRoute',
  true,
  (o) => new HTTPRoute(o as never),
);
export const ARGO_ROLLOUT = type(
  'argoproj.io',
  'v1alpha1',
  'rollouts',
  'Rollout',
  true,
  (o) => new Rollout(o as never),
);

export const ALL_TYPES: readonly ResourceType[] = [
  DEPLOYMENT,
  REPLICA_SET,
  VIRTUAL_SERVICE,
  HTTP_ROUTE,
  ARGO_ROLLOUT,
  INFERENCE_SERVICE,
];
