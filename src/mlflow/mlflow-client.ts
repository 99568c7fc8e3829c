/**
 * A small client of MLflow's REST API 2.0. MLflow publishes no JavaScript client, so this speaks
 * the documented endpoints over undici (registered models, model versions and their tags,
 * aliases, stage transitions, runs). A token, when given, goes in the Authorization header
 * (Databricks and MLflow's basic-auth proxies accept a bearer token) and never in an error.
 */
import { request } from 'undici';
import type { MlflowModelVersion, MlflowRegisteredModel, MlflowRun, MlflowStage } from './mlflow-types.js';

export interface MlflowClientOptions {
  /** The tracking server, e.g. http://mlflow.internal:5000 (the API lives under /api/2.0/mlflow). */
  trackingUri: string;
  token?: string | undefined;
  timeoutMs?: number | undefined;
}

/** An error MLflow answered with: its `error_code` (RESOURCE_DOES_NOT_EXIST, ...) and message. */
export class MlflowError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'MlflowError';
  }
}

export function isMissing(error: unknown): boolean {
  return error instanceof MlflowError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
}

export interface MlflowClient {
  readonly trackingUri: string;
  getRegisteredModel(name: string, signal?: AbortSignal): Promise<MlflowRegisteredModel>;
  searchRegisteredModels(filter: string | undefined, signal?: AbortSignal): Promise<MlflowRegisteredModel[]>;
  getModelVersion(name: string, version: string, signal?: AbortSignal): Promise<MlflowModelVersion>;
  /** Every version of a model, following page tokens. */
  searchModelVersions(name: string, signal?: AbortSignal): Promise<MlflowModelVersion[]>;
  setModelVersionTag(
    name: string,
    version: string,
    key: string,
    value: string,
    signal?: AbortSignal,
  ): Promise<void>;
  setAlias(name: string, alias: string, version: string, signal?: AbortSignal): Promise<void>;
  /** The version an alias points to, or undefined when the alias is not set. */
  getVersionByAlias(
    name: string,
    alias: string,
    signal?: AbortSignal,
  ): Promise<MlflowModelVersion | undefined>;
  deleteAlias(name: string, alias: string, signal?: AbortSignal): Promise<void>;
  transitionStage(
    name: string,
    version: string,
    stage: MlflowStage,
    signal?: AbortSignal,
  ): Promise<MlflowModelVersion>;
  getRun(runId: string, signal?: AbortSignal): Promise<MlflowRun>;
}

export function createMlflowClient(options: MlflowClientOptions): MlflowClient {
  let base: URL;
  try {
    base = new URL(options.trackingUri);
  } catch {
    throw new Error(
      `trackingUri: give the MLflow tracking server's URL, e.g. http://mlflow:5000 (got "${options.trackingUri}")`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new Error(`trackingUri: use http or https, not ${base.protocol.replace(':', '')}`);
  const root = `${base.origin}${base.pathname.replace(/\/$/, '')}/api/2.0/mlflow`;
  const where = `${base.origin}${base.pathname.replace(/\/$/, '')}`;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(
    method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
    path: string,
    params: Record<string, string | number | boolean | undefined>,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    signal?.throwIfAborted();
    const defined = Object.fromEntries(
      Object.entries(params).filter((e): e is [string, string | number | boolean] => e[1] !== undefined),
    );
    const query =
      method === 'GET'
        ? `?${new URLSearchParams(Object.entries(defined).map(([k, v]): [string, string] => [k, String(v)]))}`
        : '';
    const timeout = AbortSignal.timeout(timeoutMs);
    let response;
    try {
      response = await request(`${root}/${path}${query}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(method === 'GET' ? {} : { body: JSON.stringify(defined) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      signal?.throwIfAborted();
      const code = (error as { code?: string }).code;
      throw new Error(`MLflow at ${where}: ${method} ${path} failed (${code ?? (error as Error).name})`);
    }
    const text = await response.body.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    if (response.statusCode >= 400) {
      const body = parsed as { error_code?: string; message?: string };
      throw new MlflowError(
        response.statusCode,
        body.error_code ?? `HTTP_${response.statusCode}`,
        `MLflow at ${where}: ${method} ${path} answered ${response.statusCode} ${body.error_code ?? ''}: ${body.message ?? 'no message'}`.replace(
          '  ',
          ' ',
        ),
      );
    }
    return parsed as T;
  }

  return {
    trackingUri: where,
    async getRegisteredModel(name, signal) {
      return (
        await call<{ registered_model: MlflowRegisteredModel }>(
          'GET',
          'registered-models/get',
          { name },
          signal,
        )
      ).registered_model;
    },
    async searchRegisteredModels(filter, signal) {
      const out: MlflowRegisteredModel[] = [];
      let pageToken: string | undefined;
      do {
        const page = await call<{ registered_models?: MlflowRegisteredModel[]; next_page_token?: string }>(
          'GET',
          'registered-models/search',
          { filter, max_results: 100, page_token: pageToken },
          signal,
        );
        out.push(...(page.registered_models ?? []));
        pageToken = page.next_page_token || undefined;
      } while (pageToken);
      return out;
    },
    async getModelVersion(name, version, signal) {
      return (
        await call<{ model_version: MlflowModelVersion }>(
          'GET',
          'model-versions/get',
          { name, version },
          signal,
        )
      ).model_version;
    },
    async searchModelVersions(name, signal) {
      const out: MlflowModelVersion[] = [];
      let pageToken: string | undefined;
      do {
        const page = await call<{ model_versions?: MlflowModelVersion[]; next_page_token?: string }>(
          'GET',
          'model-versions/search',
          { filter: `name='${name.replace(/'/g, "\\'")}'`, max_results: 200, page_token: pageToken },
          signal,
        );
        out.push(...(page.model_versions ?? []));
        pageToken = page.next_page_token || undefined;
      } while (pageToken);
      return out;
    },
    async setModelVersionTag(name, version, key, value, signal) {
      await call('POST', 'model-versions/set-tag', { name, version, key, value }, signal);
    },
    async setAlias(name, alias, version, signal) {
      await call('POST', 'registered-models/alias', { name, alias, version }, signal);
    },
    async getVersionByAlias(name, alias, signal) {
      try {
        return (
          await call<{ model_version: MlflowModelVersion }>(
            'GET',
            'registered-models/alias',
            { name, alias },
            signal,
          )
        ).model_version;
      } catch (error) {
        // An unset alias is RESOURCE_DOES_NOT_EXIST naming the alias; a missing model names the model.
        if (isMissing(error) && /alias/i.test((error as Error).message)) return undefined;
        throw error;
      }
    },
    async deleteAlias(name, alias, signal) {
      await call('DELETE', 'registered-models/alias', { name, alias }, signal);
    },
    async transitionStage(name, version, stage, signal) {
      return (
        await call<{ model_version: MlflowModelVersion }>(
          'POST',
          'model-versions/transition-stage',
          { name, version, stage, archive_existing_versions: false },
          signal,
        )
      ).model_version;
    },
    async getRun(runId, signal) {
      return (await call<{ run: MlflowRun }>('GET', 'runs/get', { run_id: runId }, signal)).run;
    },
  };
}
