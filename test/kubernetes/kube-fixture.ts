/**
 * A contract API server with the Deployment controller's reactions, a kubeconfig pointing at it
 * (bearer token, namespace in the context) and the shared client built from that kubeconfig, as
 * a user would point ripcord at a cluster.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionContext, Executor } from '../../src/actions/executors/executor.js';
import type { ExecutorHarness } from '../../src/actions/executors/executor.contract.js';
import { createKubeClient, type KubeClient } from '../../src/kubernetes/kube-client.js';
import { ContractApiServer, TLS, type Reaction } from './api-server/contract-api-server.js';
import { deploymentController, type PodBehaviour } from './api-server/deployment-controller.js';
import { ALL_TYPES } from './api-server/schemas.js';

export const TOKEN = 'kube-token-5f0c2a9e7d41b3';
export const NAMESPACE = 'ml-serving';

export interface KubeFixture {
  server: ContractApiServer;
  client: KubeClient;
  kubeconfig: string;
  url: string;
  /** How the next rollout's pods behave (the Deployment controller reads it when it reacts). */
  pods: { behaviour: PodBehaviour };
  /** Lets the controller reactions triggered so far run to the end. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function kubeconfigYaml(url: string, namespace = NAMESPACE, token = TOKEN): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: contract\n  cluster:\n    server: ${url}\n    certificate-authority-data: ${readFileSync(TLS.cert).toString('base64')}`,
    'users:',
    `- name: ripcord\n  user:\n    token: ${token}`,
    'contexts:',
    `- name: contract\n  context:\n    cluster: contract\n    user: ripcord\n    namespace: ${namespace}`,
    'current-context: contract',
    '',
  ].join('\n');
}

export async function kubeFixture(extra: readonly Reaction[] = []): Promise<KubeFixture> {
  const pods: { behaviour: PodBehaviour } = { behaviour: 'available' };
  const server = new ContractApiServer({
    types: ALL_TYPES,
    token: TOKEN,
    reactions: [deploymentController(() => pods.behaviour), ...extra],
  });
  const url = await server.start();
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-kube-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigYaml(url));
  const client = await createKubeClient({ kubeconfig });
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    server,
    client,
    kubeconfig,
    url,
    pods,
    settle,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The executor contract's harness over a fixture: the API server's objects are the state, its
 * token the secret, and a refusal is five injected conflicts (more than any executor retries).
 */
export function kubeExecutorHarness(
  kube: KubeFixture,
  subject: Executor,
  context: ActionContext,
): ExecutorHarness {
  return {
    subject,
    context,
    state: async () => {
      await kube.settle();
      return kube.server.snapshot();
    },
    secrets: [TOKEN],
    refuse: () => Promise.resolve(void (kube.server.conflictsToInject = 5)),
    close: () => kube.close(),
  };
}

/** Rolls `kind` recsys's pod template out to `release` (its label) on `image`, as a deploy would. */
export async function rollTemplateOut(
  kube: KubeFixture,
  kind: 'Deployment' | 'Rollout',
  release: string,
  image: string,
): Promise<void> {
  const object = kube.server.get(kind, NAMESPACE, 'recsys')!;
  const template = (
    object.spec as {
      template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
    }
  ).template;
  template.metadata.labels['ripcord.dev/release'] = release;
  template.spec.containers[0]!.image = image;
  kube.server.put(object);
  await kube.settle();
}
