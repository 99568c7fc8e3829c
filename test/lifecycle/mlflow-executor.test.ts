import { afterEach, describe, expect, it } from 'vitest';
import { startMlflowContractServer, type MlflowContractServer } from '../contracts/mlflow/mlflow-server.js';
import { createMlflowClient } from '../../src/mlflow/mlflow-client.js';
import { findRollbackCandidate } from '../../src/mlflow/find-rollback-candidate.js';
import { ExecutorSpecSchema } from '../../src/actions/executors/executor-spec.js';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import {
  createMlflowExecutor,
  type MlflowExecutorOptions,
} from '../../src/actions/executors/mlflow/mlflow-executor.js';
import { mlflowExecutorFromSpec } from '../../src/actions/executors/mlflow/mlflow-from-spec.js';
import { encoderRollback } from '../support/action-context.js';

const TOKEN = 'dapi-0123456789abcdef';
const signal = new AbortController().signal;

const context = encoderRollback();

/** ripcord release → MLflow version, as `ripcord import mlflow` records it. */
const versionOf = (release: string) =>
  Promise.resolve(
    ({ 'recsys-v1-enc4': '1', 'recsys-v2-enc5': '2' } as Record<string, string>)[release] ?? '0',
  );

const servers: MlflowContractServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function mlflow(mode: 'alias' | 'stage', token?: string) {
  const server = await startMlflowContractServer(token ? { token } : {});
  servers.push(server);
  server.addModel('recsys', [
    { stage: mode === 'stage' ? 'Archived' : 'None', metrics: { ndcg: 0.31 } },
    { stage: mode === 'stage' ? 'Production' : 'None', metrics: { ndcg: 0.33 } },
  ]);
  if (mode === 'alias') server.moveAlias('recsys', 'champion', '2');
  return server;
}

function executor(
  server: MlflowContractServer,
  options: Partial<MlflowExecutorOptions> = {},
  token?: string,
) {
  return createMlflowExecutor({
    client: createMlflowClient({ trackingUri: server.url, token }),
    registeredModel: 'recsys',
    alias: 'champion',
    versionOf,
    ...options,
  });
}

runExecutorContract('MLflow executor (alias, MLflow 2.x)', async () => {
  const server = await mlflow('alias', TOKEN);
  return {
    subject: executor(server, {}, TOKEN),
    context,
    state: () => Promise.resolve(server.snapshot()),
    secrets: [TOKEN],
    refuse: () => Promise.resolve(server.refuseNextWrite()),
    close: () => Promise.resolve(),
  };
});

runExecutorContract('MLflow executor (stage, older servers)', async () => {
  const server = await mlflow('stage');
  return {
    subject: executor(server, { alias: undefined, stage: 'Production' }),
    context,
    state: () => Promise.resolve(server.snapshot()),
    refuse: () => Promise.resolve(server.refuseNextWrite()),
    close: () => Promise.resolve(),
  };
});

const seedTags = (role: string) => ({
  'rollback.event_id': 'evt_217',
  'rollback.timestamp': '2026-01-01T02:17:00.000Z',
  'rollback.triggered_by': 'controller (hard: prediction diversity < 0.5 for 5m)',
  'rollback.reason': 'prediction diversity 0.31 vs 0.73',
  'rollback.role': role,
});

describe('rollback_model_artifact (the seed) through the MLflow executor', () => {
  it('moves the alias back to the target version and tags both versions with their roles', async () => {
    const server = await mlflow('alias');
    const result = await executor(server).apply(context, signal);
    expect(result).toMatchObject({
      changed: true,
      detail: { target: '1', pulled: '2', slot: 'alias champion' },
    });
    expect(server.snapshot()).toEqual([
      {
        name: 'recsys',
        aliases: { champion: '1' },
        versions: [
          { version: '1', stage: 'None', tags: seedTags('rollback_target') },
          { version: '2', stage: 'None', tags: seedTags('rolled_back_from') },
        ],
      },
    ]);
    // The alias moves before any tag is written (traffic-relevant change first).
    const writes = server.calls.filter((c) => c.method !== 'GET').map((c) => c.path);
    expect(writes[0]).toBe('registered-models/alias');
    expect(writes.slice(1).every((p) => p === 'model-versions/set-tag')).toBe(true);
  });

  it('transitions the target to Production and the pulled version to Archived on a server without aliases', async () => {
    const server = await mlflow('stage');
    await executor(server, { alias: undefined, stage: 'Production' }).apply(context, signal);
    const [recsys] = server.snapshot() as { versions: { stage: string }[] }[];
    expect(recsys?.versions.map((v) => v.stage)).toEqual(['Production', 'Archived']);
    const transitions = server.calls.filter((c) => c.path === 'model-versions/transition-stage');
    expect(transitions.map((c) => c.params)).toEqual([
      { name: 'recsys', version: '1', stage: 'Production', archive_existing_versions: false },
      { name: 'recsys', version: '2', stage: 'Archived', archive_existing_versions: false },
    ]);
  });

  it('keeps the pulled version in its stage when archivePulled is false', async () => {
    const server = await mlflow('stage');
    await executor(server, { alias: undefined, stage: 'Production', archivePulled: false }).apply(
      context,
      signal,
    );
    const [recsys] = server.snapshot() as { versions: { stage: string }[] }[];
    expect(recsys?.versions.map((v) => v.stage)).toEqual(['Production', 'Production']);
  });

  it('cuts the reason tag at 500 characters', async () => {
    const server = await mlflow('alias');
    await executor(server).apply({ ...context, reason: 'é'.repeat(700) }, signal);
    const [recsys] = server.snapshot() as { versions: { tags: Record<string, string> }[] }[];
    expect([...(recsys?.versions[0]?.tags['rollback.reason'] ?? '')]).toHaveLength(500);
  });

  it('plans each write it would make, then nothing once applied; verify reads the alias and tags back', async () => {
    const server = await mlflow('alias');
    const subject = executor(server);
    const plan = await subject.plan(context, signal);
    expect(plan.detail).toEqual({
      steps: [
        'move alias champion to version 1 (now version 2)',
        'tag version 1 rollback_target (rollback.event_id, rollback.timestamp, rollback.triggered_by, rollback.reason, rollback.role)',
        'tag version 2 rolled_back_from (rollback.event_id, rollback.timestamp, rollback.triggered_by, rollback.reason, rollback.role)',
      ],
    });
    expect(await subject.verify!(context, signal)).toMatchObject({ ok: false });
    await subject.apply(context, signal);
    server.moveAlias('recsys', 'champion', '2'); // someone moves it back by hand
    expect(await subject.verify!(context, signal)).toEqual({
      ok: false,
      message: 'MLflow recsys still needs: move alias champion to version 1 (now version 2)',
    });
  });

  it('names MLflow and its error code when the registry refuses, and a missing model', async () => {
    const server = await mlflow('alias');
    server.refuseNextWrite();
    await expect(executor(server).apply(context, signal)).rejects.toThrow(
      /MLflow at http:\/\/127\.0\.0\.1:\d+: POST registered-models\/alias answered 403 PERMISSION_DENIED/,
    );
    await expect(executor(server, { registeredModel: 'nope' }).plan(context, signal)).rejects.toThrow(
      /404 RESOURCE_DOES_NOT_EXIST: Registered Model with name=nope not found/,
    );
    const unauthenticated = await mlflow('alias', TOKEN);
    await expect(executor(unauthenticated).plan(context, signal)).rejects.toThrow(/401 UNAUTHENTICATED/);
  });
});

describe('kind: mlflow in spec.executors', () => {
  it('parses an alias or a stage, not both and not neither', () => {
    const base = { kind: 'mlflow', trackingUri: 'http://mlflow:5000' };
    expect(ExecutorSpecSchema.parse({ ...base, alias: 'champion' })).toMatchObject({ archivePulled: true });
    for (const bad of [base, { ...base, alias: 'champion', stage: 'Production' }])
      expect(() => ExecutorSpecSchema.parse(bad)).toThrow(/exactly one of alias .* or stage/);
    expect(() => ExecutorSpecSchema.parse({ ...base, alias: 'x', trackingUri: 'nope' })).toThrow(
      /MLflow tracking server URL/,
    );
  });

  it('maps releases through the registry, reads the token when it runs and fails naming the variable', async () => {
    const server = await mlflow('alias', TOKEN);
    const registry = {
      getRelease: (name: string) =>
        Promise.resolve({ model: 'recsys', modelVersion: name === 'recsys-v1-enc4' ? 1 : 2 } as never),
      getVersion: (_model: string, version: number) =>
        Promise.resolve({ version, tags: { 'mlflow.version': String(version) } } as never),
    };
    const spec = ExecutorSpecSchema.parse({
      kind: 'mlflow',
      trackingUri: server.url,
      alias: 'champion',
      tokenEnv: 'MLFLOW_TOKEN',
    });
    if (spec.kind !== 'mlflow') throw new Error('parsed another kind');
    const env: Record<string, string | undefined> = {};
    const subject = mlflowExecutorFromSpec(spec, { registry, env });
    expect(subject.name).toBe('mlflow:model');
    await expect(subject.apply(context, signal)).rejects.toThrow(
      'mlflow:model: environment variable MLFLOW_TOKEN is not set on the control plane',
    );
    env['MLFLOW_TOKEN'] = TOKEN;
    expect(await subject.apply(context, signal)).toMatchObject({
      changed: true,
      detail: { registeredModel: 'recsys' },
    });
  });
});

describe('find_rollback_candidate (the seed)', () => {
  it('prefers the newest healthy baseline, then the newest Archived version, never an excluded one', () => {
    const v = (version: string, stage: string, healthy = false) => ({
      name: 'recsys',
      version,
      current_stage: stage,
      tags: healthy ? [{ key: 'rollback.healthy_baseline', value: 'true' }] : [],
    });
    const versions = [
      v('3', 'Archived', true),
      v('9', 'Archived'),
      v('10', 'Archived', true),
      v('11', 'Production'),
    ];
    expect(findRollbackCandidate(versions)).toEqual({ version: '10', reason: 'healthy-baseline' });
    expect(findRollbackCandidate(versions, ['10'])).toEqual({ version: '3', reason: 'healthy-baseline' });
    expect(findRollbackCandidate(versions, ['10', '3'])).toEqual({ version: '9', reason: 'archived' });
    expect(findRollbackCandidate([v('11', 'Production')])).toBeUndefined();
  });
});
