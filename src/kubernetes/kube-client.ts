/**
 * The one Kubernetes client every executor and router shares, on the official
 * `@kubernetes/client-node`: configuration from a kubeconfig (a file, `$KUBECONFIG`,
 * `~/.kube/config`) or, inside a cluster, the pod's service account (token, CA and namespace
 * under /var/run/secrets/kubernetes.io/serviceaccount), and the namespace an object that names
 * none lives in. Writes carry `resourceVersion` (retry-on-conflict.ts); errors name the object.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import type {
  AppsV1Api,
  ConfigurationOptions,
  CustomObjectsApi,
  KubeConfig,
  Watch,
} from '@kubernetes/client-node';
import type * as KubeModule from '@kubernetes/client-node';
import { ValidationError } from '../core/errors.js';

type KubeLibrary = typeof KubeModule;

/**
 * The library, loaded when the first client is built: it takes ~70 MB of RSS and ~0.5 s to load,
 * which a control plane or CLI that reaches no cluster should not pay.
 */
let library: Promise<KubeLibrary> | undefined;
const kubeLibrary = (): Promise<KubeLibrary> => (library ??= import('@kubernetes/client-node'));

export interface KubeClientOptions {
  /** A kubeconfig file; without it `$KUBECONFIG` or `~/.kube/config`, else the in-cluster service account. */
  kubeconfig?: string | undefined;
  /** A context of the kubeconfig; without it the current one. */
  context?: string | undefined;
  /** Use the pod's service account even when a kubeconfig exists. */
  inCluster?: boolean | undefined;
  /** The namespace of objects that name none; without it the context's, else "default". */
  namespace?: string | undefined;
  /** For tests: where the service-account files live (prefix of /var/run/secrets/...). */
  serviceAccountRoot?: string | undefined;
  /** Environment to read `KUBECONFIG` and `KUBERNETES_SERVICE_*` from. @default process.env */
  env?: Record<string, string | undefined> | undefined;
}

export interface KubeClient {
  readonly config: KubeConfig;
  /** The API server's URL (never with credentials). */
  readonly server: string;
  /** The namespace objects that name none live in. */
  readonly namespace: string;
  readonly apps: AppsV1Api;
  readonly custom: CustomObjectsApi;
  readonly watch: Watch;
  /** Request options that set a patch's content type (the API tells the formats apart by it). */
  patchAs(type: 'json' | 'merge' | 'strategic'): ConfigurationOptions;
}

/**
 * Where Kubernetes code gets its client: one built already, or a source that builds it (loading
 * the library) on first use, so that a step or reader of a cluster never used costs nothing.
 */
export type KubeClientSource = KubeClient | (() => Promise<KubeClient>);

/**
 * The client of `source`, built once: every async entry point awaits `ready()`, after which the
 * synchronous helpers it calls read `client()`.
 */
export function lazyKubeClient(source: KubeClientSource): {
  ready(): Promise<KubeClient>;
  client(): KubeClient;
} {
  let built = typeof source === 'function' ? undefined : source;
  return {
    async ready() {
      return (built ??= await (source as () => Promise<KubeClient>)());
    },
    client() {
      if (!built) throw new Error('kubernetes client read before ready() resolved');
      return built;
    },
  };
}

function loadConfig(lib: KubeLibrary, options: KubeClientOptions): KubeConfig {
  const env = options.env ?? process.env;
  const config = new lib.KubeConfig();
  const inClusterAvailable =
    env['KUBERNETES_SERVICE_HOST'] !== undefined && env['KUBERNETES_SERVICE_PORT'] !== undefined;
  if (options.inCluster) {
    if (!inClusterAvailable)
      throw new ValidationError(
        'kubernetes.inCluster',
        'kubernetes.inCluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; run inside a pod or give a kubeconfig',
      );
    withEnv(env, () => config.loadFromCluster(options.serviceAccountRoot ?? ''));
  } else if (options.kubeconfig !== undefined) {
    if (!existsSync(options.kubeconfig))
      throw new ValidationError(
        'kubernetes.kubeconfig',
        `kubernetes.kubeconfig: no file at ${options.kubeconfig}`,
      );
    config.loadFromFile(options.kubeconfig);
  } else if (env['KUBECONFIG'] !== undefined || !inClusterAvailable) {
    // The library reports a listed file that is missing as a bare ENOENT: name the variable.
    const missing = (env['KUBECONFIG'] ?? '').split(delimiter).find((f) => f !== '' && !existsSync(f));
    if (missing !== undefined)
      throw new ValidationError(
        'kubernetes.kubeconfig',
        `kubernetes.kubeconfig: $KUBECONFIG lists ${missing}, which does not exist; fix the variable or set kubeconfig: in the routes file`,
      );
    withEnv(env, () => config.loadFromDefault());
  } else {
    withEnv(env, () => config.loadFromCluster(options.serviceAccountRoot ?? ''));
  }
  if (options.context !== undefined) {
    if (!config.getContextObject(options.context))
      throw new ValidationError(
        'kubernetes.context',
        `kubernetes.context: no context "${options.context}" in the kubeconfig (it has ${
          config
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    config.setCurrentContext(options.context);
  }
  if (!config.getCurrentCluster())
    throw new ValidationError(
      'kubernetes.kubeconfig',
      'kubernetes.kubeconfig: no cluster configured; give a kubeconfig (kubeconfig: in the routes file, or $KUBECONFIG) or run in a pod',
    );
  return config;
}

/** loadFromDefault / loadFromCluster read process.env; an injected environment stands in for it meanwhile. */
function withEnv(env: Record<string, string | undefined>, load: () => void): void {
  if (env === process.env) return load();
  const keys = ['KUBECONFIG', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'HOME'];
  const saved = keys.map((k) => [k, process.env[k]] as const);
  for (const k of keys) {
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  try {
    load();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A client for the configured cluster; rejects with a ValidationError naming the setting when none is. */
export async function createKubeClient(options: KubeClientOptions = {}): Promise<KubeClient> {
  const lib = await kubeLibrary();
  const config = loadConfig(lib, options);
  const context = config.getContextObject(config.getCurrentContext());
  const namespace = options.namespace ?? (context?.namespace?.trim() || undefined) ?? 'default';
  return {
    config,
    server: config.getCurrentCluster()?.server ?? '',
    namespace,
    apps: config.makeApiClient(lib.AppsV1Api),
    custom: config.makeApiClient(lib.CustomObjectsApi),
    watch: new lib.Watch(config),
    patchAs: (type) =>
      lib.setHeaderOptions(
        'Content-Type',
        type === 'json'
          ? lib.PatchStrategy.JsonPatch
          : type === 'merge'
            ? lib.PatchStrategy.MergePatch
            : lib.PatchStrategy.StrategicMergePatch,
      ),
  };
}
