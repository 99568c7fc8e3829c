/**
 * Which models' traffic the cluster routes (`ripcord up --traffic-routes FILE`): per model an
 * Istio VirtualService route, a Gateway API HTTPRoute rule, an Argo Rollout's canary or an HAProxy backend. The controller then moves those
 * models' weights in the cluster (and still in ripcord's gateway, which keeps serving whatever
 * reaches it); other models are untouched. A policy the cluster cannot express (header routes,
 * mirror, regions, sticky) fails the traffic step for that model, naming the feature.
 *
 * ```yaml
 * kubeconfig: ~/.kube/config     # optional; else KUBECONFIG or the pod's service account
 * context: prod-eu               # optional
 * namespace: ml-serving          # optional; else the context's
 * istio:
 *   recsys: { virtualService: recsys, host: recsys, route: primary, waitForReconciled: true }
 * gatewayApi:
 *   ranker: { httpRoute: ranker, rule: predict, port: 8080 }
 * argoRollouts:                  # the canary weight of an Argo Rollout (steps setWeight + pause: {})
 *   fraud: { rollout: fraud-scorer }
 * haproxy:                       # HAProxy as the data plane, through its Runtime API
 *   socket: /run/haproxy/admin.sock
 *   models: { scorer: { backend: scorer } }
 * ```
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import type { TrafficPolicy } from '../registry/traffic-policy.js';
import { gatewayApiRouter } from '../traffic/gateway-api/gateway-api-router.js';
import { haproxyRouter } from '../traffic/haproxy/haproxy-router.js';
import { argoRolloutsRouter } from '../traffic/argo-rollouts/argo-rollouts-router.js';
import { istioRouter } from '../traffic/istio/istio-router.js';
import {
  TrafficNotAppliedError,
  unsupportedFeatures,
  type TrafficRouter,
} from '../traffic/traffic-router.js';
import { createKubeClient, type KubeClient, lazyKubeClient } from './kube-client.js';

const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes object name (lowercase, digits, "-", ".")');

export const ClusterRoutesSchema = z
  .object({
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    namespace: name.optional(),
    /** Per model: a VirtualService route, one subset per release. */
    istio: z
      .record(
        z.string().min(1),
        z
          .object({
            virtualService: name,
            namespace: name.optional(),
            host: z.string().min(1),
            route: z.string().min(1).optional(),
            subsets: z.record(z.string(), z.string().min(1)).optional(),
            waitForReconciled: z.boolean().optional(),
          })
          .strict(),
      )
      .default({}),
    /** Per model: an HTTPRoute rule, one backend Service per release. */
    gatewayApi: z
      .record(
        z.string().min(1),
        z
          .object({
            httpRoute: name,
            namespace: name.optional(),
            rule: z.string().min(1).optional(),
            services: z.record(z.string(), z.string().min(1)).optional(),
            port: z.number().int().min(1).max(65535),
            waitForAccepted: z.boolean().optional(),
          })
          .strict(),
      )
      .default({}),
    /** Per model: an Argo Rollout whose canary weight ripcord moves (argo-rollouts-router.ts). */
    argoRollouts: z
      .record(z.string().min(1), z.object({ rollout: name, namespace: name.optional() }).strict())
      .default({}),
    /** HAProxy as the data plane: its Runtime API socket and, per model, the backend (one server per release). */
    haproxy: z
      .object({
        socket: z.string().min(1),
        models: z.record(
          z.string().min(1),
          z
            .object({
              backend: z.string().min(1),
              servers: z.record(z.string(), z.string().min(1)).optional(),
            })
            .strict(),
        ),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((routes, ctx) => {
    for (const model of Object.keys(routes.haproxy?.models ?? {}))
      if (model in routes.istio || model in routes.gatewayApi)
        ctx.addIssue({
          code: 'custom',
          path: ['haproxy', 'models', model],
          message: `model "${model}" is already routed by istio or gatewayApi; give each model one route`,
        });
    for (const model of Object.keys(routes.argoRollouts))
      if (model in routes.istio || model in routes.gatewayApi || model in (routes.haproxy?.models ?? {}))
        ctx.addIssue({
          code: 'custom',
          path: ['argoRollouts', model],
          message: `model "${model}" is already routed by istio, gatewayApi or haproxy; give each model one route`,
        });
    for (const model of Object.keys(routes.istio))
      if (model in routes.gatewayApi)
        ctx.addIssue({
          code: 'custom',
          path: ['gatewayApi', model],
          message: `model "${model}" is already routed by istio; give each model one route`,
        });
  });
export type ClusterRoutes = z.output<typeof ClusterRoutesSchema>;

/** Reads and checks a routes file, naming the field and the fix on bad input. */
export function readClusterRoutes(path: string): ClusterRoutes {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(
      'traffic-routes',
      `traffic-routes: cannot read ${path}: ${(error as Error).message}`,
    );
  }
  const result = ClusterRoutesSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw new ValidationError(field, `traffic-routes: ${field}: ${issue.message}`);
  }
  return result.data;
}

/**
 * The routers of a routes file, one per API, each driving only the models listed for it. The
 * Kubernetes client is built only when a Kubernetes route is listed (HAProxy needs no cluster).
 */
export async function clusterRouters(
  routes: ClusterRoutes,
  source: () => Promise<KubeClient> = () => createKubeClient(routes),
): Promise<Map<string, TrafficRouter>> {
  const byModel = new Map<string, TrafficRouter>();
  // Built once, by the first Kubernetes route listed.
  const { ready } = lazyKubeClient(source);
  if (routes.haproxy) {
    const router = haproxyRouter({ socket: routes.haproxy.socket, models: routes.haproxy.models });
    for (const model of Object.keys(routes.haproxy.models)) byModel.set(model, router);
  }
  if (Object.keys(routes.istio).length > 0) {
    const router = istioRouter(await ready(), { models: routes.istio });
    for (const model of Object.keys(routes.istio)) byModel.set(model, router);
  }
  if (Object.keys(routes.gatewayApi).length > 0) {
    const router = gatewayApiRouter(await ready(), { models: routes.gatewayApi });
    for (const model of Object.keys(routes.gatewayApi)) byModel.set(model, router);
  }
  if (Object.keys(routes.argoRollouts).length > 0) {
    const router = argoRolloutsRouter(await ready(), { models: routes.argoRollouts });
    for (const model of Object.keys(routes.argoRollouts)) byModel.set(model, router);
  }
  return byModel;
}

/**
 * `base` (ripcord's gateways) for every model, and the cluster's router as well for the models it
 * routes: a change counts as applied once both serve it.
 */
export function withClusterRoutes(
  base: TrafficRouter,
  cluster: ReadonlyMap<string, TrafficRouter>,
): TrafficRouter {
  if (cluster.size === 0) return base;
  return {
    name: `${base.name}+cluster`,
    capabilities: base.capabilities,
    async apply(policy: TrafficPolicy, signal?: AbortSignal) {
      const router = cluster.get(policy.model);
      if (router) {
        const missing = unsupportedFeatures(policy, router.capabilities);
        if (missing.length > 0)
          throw new TrafficNotAppliedError(
            `${router.name}: the policy of "${policy.model}" uses ${missing.join(', ')}, which ${router.name} cannot express; route this model through ripcord's gateway for them`,
          );
      }
      await base.apply(policy, signal);
      await router?.apply(policy, signal);
    },
    async applied(model: string, revision: number, signal?: AbortSignal) {
      await base.applied(model, revision, signal);
      await cluster.get(model)?.applied(model, revision, signal);
    },
  };
}
