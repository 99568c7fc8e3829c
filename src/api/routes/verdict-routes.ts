/**
 * ripcord's verdict on a canary another controller routes, in the shapes Argo Rollouts and
 * Flagger call (docs/kubernetes.md, "Argo Rollouts and Flagger users"):
 *
 * - `POST /verdicts`: Argo Rollouts' `web` metric provider (method POST, `jsonBody`, the token in
 *   `headers`) reads `result.verdict` in its successCondition / failureCondition.
 * - `POST /verdicts/flagger/:gate`: a Flagger webhook. Flagger sends
 *   `{name, namespace, phase, checksum, metadata}` and reads only the HTTP status, so the answer
 *   is 200 for "go" and 412 for "not now": for `rollback`, 200 means roll back now. Flagger cannot
 *   send headers, so the token may come in `metadata.token` (never echoed or stored).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AnalysisSchema } from '../../controller/rollout-spec.js';
import { ValidationError } from '../../core/errors.js';
import { parseInstant } from '../../registry/parse-instant.js';
import type { Registry } from '../../registry/registry.js';
import { authorize } from '../auth.js';
import { defineRoute, type RouteDefinition } from '../define-route.js';
import {
  CANARY_VERDICTS,
  type CanaryAnswer,
  type CanaryVerdict,
  type CanaryVerdicts,
} from './verdict-judges.js';

const release = z.string().min(1).max(253);

const CanaryAnswerSchema = z.object({
  verdict: z.enum(CANARY_VERDICTS),
  reason: z.string(),
  model: z.string(),
  candidate: z.string(),
  baseline: z.string(),
  since: z.string(),
  canaryWeight: z.number(),
  at: z.string(),
  readings: z.array(
    z.object({
      trigger: z.string(),
      severity: z.string(),
      status: z.enum(['ok', 'breach', 'pending-breach', 'insufficient-data']),
      message: z.string(),
      pValue: z.number().optional(),
    }),
  ),
});

const ArgoQuestionSchema = z
  .object({
    model: release,
    candidate: release,
    baseline: release,
    triggers: AnalysisSchema.shape.triggers,
    alpha: AnalysisSchema.shape.alpha,
    /** From when telemetry counts (ISO 8601 or epoch ms); default: when first asked. */
    since: z.string().min(1).optional(),
    /** The canary's weight in percent when known (Argo's `{{args.canary-weight}}`). */
    canaryWeight: z.coerce.number().min(0).max(100).optional(),
  })
  .strict();

/** Flagger's webhook payload (flagger.app/docs: usage/webhooks). */
const FlaggerPayloadSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().min(1),
  phase: z.string().optional(),
  checksum: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/** Flagger's webhook types that gate on a verdict, and the verdicts that answer 200 for each. */
export const FLAGGER_GATES = {
  'confirm-rollout': ['pass', 'pending', 'hold'],
  'pre-rollout': ['pass', 'pending', 'hold'],
  'confirm-traffic-increase': ['pass'],
  'confirm-promotion': ['pass'],
  rollback: ['fail'],
} as const satisfies Record<string, readonly CanaryVerdict[]>;
type FlaggerGate = keyof typeof FLAGGER_GATES;

export interface VerdictRouteDeps {
  verdicts: CanaryVerdicts;
  registry: Registry;
}

export function verdictRoutes(deps: VerdictRouteDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/verdicts',
      role: 'viewer',
      tag: 'verdicts',
      summary:
        "ripcord's verdict on a canary another controller routes (Argo Rollouts' web metric provider): pass, fail, hold or pending",
      body: ArgoQuestionSchema,
      response: CanaryAnswerSchema,
      handler: ({ body }) =>
        deps.verdicts.judge({
          ...body,
          since: body.since === undefined ? undefined : Date.parse(parseInstant('since', body.since)),
        }),
    }),
    defineRoute({
      method: 'POST',
      url: '/verdicts/flagger/:gate',
      // Flagger sends no headers: the token is checked below, from the header or metadata.token.
      role: 'public',
      tag: 'verdicts',
      summary:
        'A Flagger webhook gate (confirm-rollout, pre-rollout, confirm-traffic-increase, confirm-promotion, rollback): 200 to go (for rollback: roll back now), 412 not now; the body says why',
      params: z.object({ gate: z.enum(Object.keys(FLAGGER_GATES) as [FlaggerGate, ...FlaggerGate[]]) }),
      body: FlaggerPayloadSchema,
      response: CanaryAnswerSchema,
      handler: async ({ params, body, request, reply }) => {
        const metadata = body.metadata ?? {};
        const token = metadata['token'];
        await authorize(
          deps.registry,
          request.headers.authorization ?? (token ? `Bearer ${token}` : undefined),
          'viewer',
        );
        const answer = await deps.verdicts.judge(flaggerQuestion(body.name, body.checksum, metadata));
        return answerGate(reply, params.gate, answer);
      },
    }),
  ];
}

/** Flagger's canary as a question: `metadata` names the releases and the triggers. */
function flaggerQuestion(
  name: string,
  checksum: string | undefined,
  metadata: Record<string, string>,
): Parameters<CanaryVerdicts['judge']>[0] {
  const triggers = (metadata['triggers'] ?? '')
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const parsed = z
    .object({ triggers: AnalysisSchema.shape.triggers, alpha: z.coerce.number().optional() })
    .safeParse({ triggers, alpha: metadata['alpha'] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `metadata.${issue.path.join('.')}`;
    throw new ValidationError(
      field,
      `${field}: ${issue.message}${issue.path[0] === 'triggers' ? ' (one trigger a line in metadata.triggers)' : ''}`,
    );
  }
  return {
    model: metadata['model'] ?? name,
    candidate: metadata['candidate'] ?? `${name}-canary`,
    baseline: metadata['baseline'] ?? `${name}-primary`,
    triggers: parsed.data.triggers,
    alpha: parsed.data.alpha,
    revision: checksum,
  };
}

function answerGate(reply: FastifyReply, gate: FlaggerGate, answer: CanaryAnswer): CanaryAnswer {
  const go = (FLAGGER_GATES[gate] as readonly CanaryVerdict[]).includes(answer.verdict);
  void reply.status(go ? 200 : 412);
  return answer;
}
