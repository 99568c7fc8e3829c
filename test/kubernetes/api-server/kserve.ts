/**
 * KServe's InferenceService (serving.kserve.io/v1beta1) for the contract server: a schema of the
 * fields ripcord reads and writes, written from KServe's v1beta1 API reference (the
 * `ComponentExtensionSpec.canaryTrafficPercent` int64 0-100, `ComponentStatusSpec` revisions and
 * `traffic` targets); unknown fields pass, as KServe's CRD preserves them. And what KServe's
 * controller does with a canary percent: 0 sends all traffic to the previous rolled-out revision.
 */
import { z } from 'zod';
import type { KubeObject, Reaction, ResourceType } from './contract-api-server.js';

const component = z.object({ canaryTrafficPercent: z.number().int().min(0).max(100).optional() }).loose();

const componentStatus = z
  .object({
    latestReadyRevision: z.string().optional(),
    latestCreatedRevision: z.string().optional(),
    previousRolledoutRevision: z.string().optional(),
    latestRolledoutRevision: z.string().optional(),
    traffic: z
      .array(
        z
          .object({
            revisionName: z.string().optional(),
            percent: z.number().int().min(0).max(100).optional(),
            latestRevision: z.boolean().optional(),
            tag: z.string().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();

const InferenceServiceSchema = z
  .object({
    apiVersion: z.literal('serving.kserve.io/v1beta1'),
    kind: z.literal('InferenceService'),
    metadata: z.object({ name: z.string().min(1) }).loose(),
    spec: z
      .object({ predictor: component, transformer: component.optional(), explainer: component.optional() })
      .loose(),
    status: z
      .object({
        components: z.record(z.string(), componentStatus).optional(),
        conditions: z
          .array(z.object({ type: z.string(), status: z.enum(['True', 'False', 'Unknown']) }).loose())
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export const INFERENCE_SERVICE: ResourceType = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
  kind: 'InferenceService',
  custom: true,
  validate: (object) => {
    const result = InferenceServiceSchema.safeParse(object);
    return result.success
      ? []
      : result.error.issues.map((i) => ({
          reason: 'FieldValueInvalid',
          message: i.message,
          field: i.path.join('.'),
        }));
  },
};

/** KServe's controller for the predictor's traffic: the canary percent splits latest and previous. */
export function kserveController(): Reaction {
  return ({ type, object, resource }, server) => {
    if (resource.kind !== 'InferenceService' || type === 'DELETED') return;
    const isvc = server.get('InferenceService', object.metadata.namespace ?? 'default', object.metadata.name);
    if (!isvc) return;
    const status = structuredClone(isvc.status ?? {}) as {
      components?: Record<
        string,
        { latestReadyRevision?: string; previousRolledoutRevision?: string; traffic?: unknown[] }
      >;
      conditions?: unknown[];
    };
    const predictor = status.components?.['predictor'];
    const percent = (isvc.spec as { predictor: { canaryTrafficPercent?: number } }).predictor
      .canaryTrafficPercent;
    if (!predictor?.latestReadyRevision) return;
    const traffic =
      percent === undefined || !predictor.previousRolledoutRevision
        ? [{ revisionName: predictor.latestReadyRevision, percent: 100, latestRevision: true }]
        : [
            { revisionName: predictor.latestReadyRevision, percent, latestRevision: true, tag: 'latest' },
            {
              revisionName: predictor.previousRolledoutRevision,
              percent: 100 - percent,
              latestRevision: false,
              tag: 'prev',
            },
          ];
    if (JSON.stringify(traffic) === JSON.stringify(predictor.traffic)) return;
    predictor.traffic = traffic;
    server.put({
      ...isvc,
      status: { ...status, conditions: [{ type: 'Ready', status: 'True' }] },
    } as KubeObject);
  };
}

/** recsys served by KServe: revision 00002 (the bad release) takes a 10 % canary beside 00001. */
export function inferenceServiceFixture(namespace: string): KubeObject {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'recsys', namespace },
    spec: {
      predictor: {
        canaryTrafficPercent: 10,
        model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://models/recsys/v2' },
      },
    },
    status: {
      components: {
        predictor: {
          latestReadyRevision: 'recsys-predictor-00002',
          latestCreatedRevision: 'recsys-predictor-00002',
          previousRolledoutRevision: 'recsys-predictor-00001',
          latestRolledoutRevision: 'recsys-predictor-00001',
          traffic: [],
        },
      },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}
