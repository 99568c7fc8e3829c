/**
 * The OpenFeature Remote Evaluation Protocol over ripcord's flags: `POST
 * /ofrep/v1/evaluate/flags/{key}` and the bulk `POST /ofrep/v1/evaluate/flags`, under the API's
 * prefix (an OFREP provider's baseUrl is `<server>/api/v1`) and its bearer-token auth (viewer).
 * The evaluation context is accepted and not used: a ripcord flag is the same for every caller.
 */
import { z } from 'zod';
import type { Registry } from '../../registry/registry.js';
import { ofrepEvaluation, ofrepNotFound } from '../../openfeature/ofrep-evaluation.js';
import { defineRoute, type RouteDefinition } from '../define-route.js';

const Evaluation = z.object({
  key: z.string(),
  value: z.boolean(),
  reason: z.literal('STATIC'),
  variant: z.enum(['on', 'off']),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
const NotFound = z.object({
  key: z.string(),
  errorCode: z.literal('FLAG_NOT_FOUND'),
  errorDetails: z.string(),
});

const EvaluationRequest = z.object({ context: z.record(z.string(), z.unknown()).optional() }).optional();

export function ofrepRoutes(registry: Pick<Registry, 'getFlag' | 'listFlags'>): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/ofrep/v1/evaluate/flags/:key',
      role: 'viewer',
      tag: 'flags',
      summary: 'OpenFeature (OFREP): evaluate one flag (a FEATURE@VERSION switch) as a boolean',
      params: z.object({ key: z.string().min(1) }),
      body: EvaluationRequest,
      // OFREP answers a missing flag 404 with this body, not a problem document.
      response: z.union([Evaluation, NotFound]),
      handler: async ({ params, reply }) => {
        const flag = await registry.getFlag(params.key);
        if (!flag) {
          void reply.status(404);
          return ofrepNotFound(params.key);
        }
        return ofrepEvaluation(flag);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/ofrep/v1/evaluate/flags',
      role: 'viewer',
      tag: 'flags',
      summary: 'OpenFeature (OFREP): evaluate every flag',
      body: EvaluationRequest,
      response: z.object({ flags: z.array(Evaluation) }),
      handler: async () => ({ flags: (await registry.listFlags()).map(ofrepEvaluation) }),
    }),
  ];
}
