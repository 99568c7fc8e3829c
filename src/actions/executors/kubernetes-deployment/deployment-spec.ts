/**
 * A Kubernetes Deployment as a rollback step (`spec.executors`, `kind: kubernetes-deployment`):
 * which Deployment, how to find the revision that serves the target release, and how long the
 * rollout may take to become available.
 */
import { z } from 'zod';
import { DURATION_PATTERN } from '../../../core/duration.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const DeploymentExecutorSpecSchema = z
  .object({
    kind: z.literal('kubernetes-deployment'),
    /** Names the step (`kubernetes-deployment:NAME`): its journal key, unique per kind within a rollout. */
    name: z.string().min(1),
    /** The Deployment's name. */
    deployment: z
      .string()
      .regex(DNS_SUBDOMAIN, 'deployment: a Kubernetes object name (lowercase, digits, "-", ".")'),
    /** Without it the client's namespace (the kubeconfig context's, or the pod's). */
    namespace: z
      .string()
      .regex(DNS_LABEL, 'namespace: a Kubernetes namespace name (lowercase, digits, "-")')
      .optional(),
    /** The pod-template label that names the release a revision serves. */
    releaseLabel: z.string().min(1).default('ripcord.dev/release'),
    /** Revisions recorded for releases (`release name: revision`); they win over the label. */
    revisions: z.record(z.string().min(1), z.number().int().positive()).default({}),
    /** How long the rolled-back Deployment may take to be available, as `kubectl rollout status --timeout`. */
    timeout: z.string().regex(DURATION_PATTERN, 'timeout: a duration such as 90s or 5m').default('5m'),
  })
  .strict();
export type DeploymentExecutorSpec = z.output<typeof DeploymentExecutorSpecSchema>;
