/**
 * What the MLflow verbs share: the tracking server and its token (by the name of an environment
 * variable, MLflow's own MLFLOW_TRACKING_URI / MLFLOW_TRACKING_TOKEN by default; the token is
 * never printed), and ripcord's registry over the API as the import and sync need it.
 */
import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { ApiError } from '../api-client.js';
import { UsageError } from '../cli-context.js';
import { createMlflowClient, type MlflowClient } from '../../mlflow/mlflow-client.js';
import type { RipcordVersions } from '../../mlflow/import-versions.js';
import { mlflowVersionOfModelVersion, type RipcordPointers } from '../../mlflow/alias-drift.js';
import type { ModelVersion, Release, Alias } from '../../registry/types.js';

export interface MlflowAccessOptions {
  trackingUri?: string;
  tokenEnv?: string;
}

export function addMlflowAccessOptions(command: Command): Command {
  return command
    .option('--tracking-uri <url>', 'the MLflow tracking server (env MLFLOW_TRACKING_URI)')
    .option(
      '--token-env <variable>',
      'environment variable holding the MLflow token, sent as a bearer token (default MLFLOW_TRACKING_TOKEN when set)',
    );
}

export function mlflowClientFor(options: MlflowAccessOptions, env = process.env): MlflowClient {
  const trackingUri = options.trackingUri ?? env['MLFLOW_TRACKING_URI'];
  if (!trackingUri)
    throw new UsageError('--tracking-uri: give the MLflow tracking server (or set MLFLOW_TRACKING_URI)');
  let token: string | undefined;
  if (options.tokenEnv) {
    token = env[options.tokenEnv];
    if (!token) throw new UsageError(`--token-env: environment variable ${options.tokenEnv} is not set`);
  } else token = env['MLFLOW_TRACKING_TOKEN'] || undefined;
  try {
    return createMlflowClient({ trackingUri, token });
  } catch (error) {
    throw new UsageError(`--tracking-uri: ${(error as Error).message.replace(/^trackingUri: /, '')}`);
  }
}

const enc = encodeURIComponent;

export function ripcordVersions(api: ApiClient): RipcordVersions {
  return {
    listVersions: (model) => api.get<ModelVersion[]>(`/models/${enc(model)}/versions`),
    registerVersion: async (model, input) => {
      await api.send('POST', `/models/${enc(model)}/versions`, input);
    },
    listReleases: (model) => api.get<Release[]>('/releases', { model }),
    markHealthyBaseline: async (release, reason) => {
      await api.send('POST', `/releases/${enc(release)}/baseline`, { healthy: true, reason });
    },
  };
}

export function ripcordPointers(api: ApiClient): RipcordPointers {
  return {
    async mlflowVersionOf(model, alias) {
      let pointer: Alias;
      try {
        pointer = await api.get<Alias>(`/models/${enc(model)}/aliases/${enc(alias)}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
      const release = await api.get<Release>(`/releases/${enc(pointer.release)}`);
      const version = await api.get<ModelVersion>(`/models/${enc(model)}/versions/${release.modelVersion}`);
      return mlflowVersionOfModelVersion(version);
    },
  };
}
