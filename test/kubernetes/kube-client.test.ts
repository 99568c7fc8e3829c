import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kubernetes/kube-client.js';
import { sharedKubeClient } from '../../src/server/external-executors.js';
import { TLS } from './api-server/contract-api-server.js';
import { deploymentFixture } from './api-server/deployment-controller.js';
import { kubeconfigYaml, kubeFixture, NAMESPACE, TOKEN, type KubeFixture } from './kube-fixture.js';

let kube: KubeFixture | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await kube?.close();
  kube = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-kubecfg-'));
  dirs.push(dir);
  return dir;
};

describe('shared Kubernetes client', () => {
  it('reads a kubeconfig file: server, token and the context namespace', async () => {
    kube = await kubeFixture();
    kube.server.put(deploymentFixture('recsys', NAMESPACE, 'v1', 'img:1'));
    expect(kube.client.server).toBe(kube.url);
    expect(kube.client.namespace).toBe(NAMESPACE);
    const list = await kube.client.apps.listNamespacedDeployment({ namespace: kube.client.namespace });
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['recsys']);
    expect((await createKubeClient({ kubeconfig: kube.kubeconfig, namespace: 'other' })).namespace).toBe(
      'other',
    );
  });

  it('takes $KUBECONFIG and a named context, and names a missing file or context', async () => {
    kube = await kubeFixture();
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(
      path,
      kubeconfigYaml(kube.url, 'team-a').replace('current-context: contract', 'current-context: ""'),
    );
    const client = await createKubeClient({ env: { KUBECONFIG: path }, context: 'contract' });
    expect(client.namespace).toBe('team-a');
    await expect(createKubeClient({ kubeconfig: join(dir, 'missing') })).rejects.toThrow(
      `kubernetes.kubeconfig: no file at ${join(dir, 'missing')}`,
    );
    await expect(createKubeClient({ kubeconfig: path, context: 'prod' })).rejects.toThrow(
      'kubernetes.context: no context "prod" in the kubeconfig (it has contract)',
    );
  });

  it('uses the pod service account in a cluster: token, CA and namespace files', async () => {
    kube = await kubeFixture();
    kube.server.put(deploymentFixture('recsys', 'team-b', 'v1', 'img:1'));
    const root = tempDir();
    const account = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(account, { recursive: true });
    writeFileSync(join(account, 'token'), TOKEN);
    writeFileSync(join(account, 'namespace'), 'team-b');
    copyFileSync(TLS.cert, join(account, 'ca.crt'));
    const port = new URL(kube.url).port;
    const client = await createKubeClient({
      serviceAccountRoot: root,
      env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
    });
    expect(client.server).toBe(`https://127.0.0.1:${port}`);
    expect(client.namespace).toBe('team-b');
    const list = await client.apps.listNamespacedDeployment({ namespace: client.namespace });
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['recsys']);
    await expect(createKubeClient({ inCluster: true, env: {} })).rejects.toThrow(
      'kubernetes.inCluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; run inside a pod or give a kubeconfig',
    );
  });

  it('is built once per process at first use; a failed build is not kept, the next use tries again', async () => {
    kube = await kubeFixture();
    const dir = tempDir();
    // No kubeconfig and no service account: the build fails, naming the setting.
    const none = { KUBECONFIG: join(dir, 'missing'), HOME: dir };
    await expect(sharedKubeClient(none)()).rejects.toThrow('kubernetes.kubeconfig');
    const path = join(dir, 'config');
    writeFileSync(path, kubeconfigYaml(kube.url));
    const first = await sharedKubeClient({ KUBECONFIG: path, HOME: dir })();
    expect(first.server).toBe(kube.url);
    // Built once: a later use shares it, whatever environment it passes.
    expect(await sharedKubeClient(none)()).toBe(first);
  });
});
