import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import { helmCli } from '../../src/actions/executors/helm/helm-cli.js';
import { createHelmExecutor } from '../../src/actions/executors/helm/helm-executor.js';
import { helmRevisionReader } from '../../src/actions/executors/helm/helm-revision-reader.js';
import { live, rollbackContext } from '../support/action-context.js';

const STAND_IN = fileURLToPath(new URL('./helm/helm-stand-in.mjs', import.meta.url));

const context = rollbackContext();

interface StandIn {
  dir: string;
  state: string;
  /** Every helm command line, as its argument list. */
  calls(): string[][];
  read(): {
    releases: Record<string, { history: { revision: number; status: string; description: string }[] }>;
    failRollback?: boolean;
  };
  failNextRollback(): void;
  env: NodeJS.ProcessEnv;
}

/** recsys-serving: revision 1 deployed release v1, revision 2 (deployed) runs v2. */
function standIn(): StandIn {
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-helm-'));
  const state = join(dir, 'state.json');
  const log = join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  const entry = (revision: number, release: string, status: string, description: string) => ({
    revision,
    status,
    description,
    chart: 'recsys-0.4.0',
    app_version: release,
    values: { image: { tag: release }, ripcord: { release } },
  });
  writeFileSync(
    state,
    JSON.stringify({
      releases: {
        'ml-serving/recsys-serving': {
          history: [
            entry(1, 'recsys-v1', 'superseded', 'Install complete'),
            entry(2, 'recsys-v2', 'deployed', 'Upgrade complete'),
          ],
        },
      },
    }),
  );
  const read = () => JSON.parse(readFileSync(state, 'utf8')) as ReturnType<StandIn['read']>;
  return {
    dir,
    state,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[]),
    read,
    failNextRollback: () => writeFileSync(state, JSON.stringify({ ...read(), failRollback: true })),
    env: { ...process.env, HELM_STAND_IN_LOG: log, HELM_STAND_IN_STATE: state },
  };
}

const executorOver = (helm: StandIn, extra: Partial<Parameters<typeof createHelmExecutor>[0]> = {}) =>
  createHelmExecutor({
    release: 'recsys-serving',
    namespace: 'ml-serving',
    timeout: '90s',
    cli: helmCli(STAND_IN, helm.env),
    ...extra,
  });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runExecutorContract('helm executor', () => {
  const helm = standIn();
  dirs.push(helm.dir);
  return Promise.resolve({
    subject: executorOver(helm),
    context,
    state: () => Promise.resolve(helm.read()),
    refuse: () => Promise.resolve(helm.failNextRollback()),
    close: () => Promise.resolve(),
  });
});

describe('helm executor', () => {
  it('runs helm rollback RELEASE REVISION --wait with the exact command lines', async () => {
    const helm = standIn();
    dirs.push(helm.dir);
    const executor = executorOver(helm, { kubeContext: 'prod-eu' });
    expect(executor.name).toBe('helm:ml-serving/recsys-serving');
    const plan = await executor.plan(context, live());
    expect(plan.summary).toBe(
      'helm:ml-serving/recsys-serving: helm rollback recsys-serving 1 --namespace ml-serving --kube-context prod-eu --wait --timeout 90s (deployed: revision 2)',
    );
    const result = await executor.apply(context, live());
    expect(result).toEqual({
      changed: true,
      detail: { release: 'recsys-serving', fromRevision: 2, toRevision: 1, newRevision: 3 },
    });
    const scope = ['--namespace', 'ml-serving', '--kube-context', 'prod-eu'];
    expect(helm.calls().filter((c) => c[0] === 'rollback')).toEqual([
      ['rollback', 'recsys-serving', '1', ...scope, '--wait', '--timeout', '90s'],
    ]);
    expect(helm.calls()).toContainEqual(['history', 'recsys-serving', ...scope, '--output', 'json']);
    expect(helm.calls()).toContainEqual([
      'get',
      'values',
      'recsys-serving',
      ...scope,
      '--revision',
      '1',
      '--output',
      'json',
    ]);
    expect(await executor.verify!(context, live())).toEqual({
      ok: true,
      message: 'helm:ml-serving/recsys-serving: revision 3 deployed (Rollback to 1)',
    });
  });

  it('uses a recorded revision without reading values, and does nothing once it is deployed', async () => {
    const helm = standIn();
    dirs.push(helm.dir);
    const executor = executorOver(helm, { revisions: { 'recsys-v1': 1 } });
    await executor.apply(context, live());
    expect(helm.calls().some((c) => c[0] === 'get' && c.includes('1'))).toBe(false);
    const before = helm.calls().length;
    expect(await executor.apply(context, live())).toEqual({
      changed: false,
      detail: { release: 'recsys-serving', revision: 3 },
    });
    expect(
      helm
        .calls()
        .slice(before)
        .some((c) => c[0] === 'rollback'),
    ).toBe(false);
  });

  it('reports a rollback whose --wait timed out as partial, with the revision helm wrote', async () => {
    const helm = standIn();
    dirs.push(helm.dir);
    helm.failNextRollback();
    await expect(executorOver(helm).apply(context, live())).rejects.toThrow(
      'helm rollback recsys-serving failed: Error: timed out waiting for the condition (helm wrote revision 3, status failed: the rollback to 1 is partial)',
    );
  });

  it('names a release no revision runs, and a helm release that does not exist', async () => {
    const helm = standIn();
    dirs.push(helm.dir);
    await expect(executorOver(helm).plan({ ...context, target: 'recsys-v0' }, live())).rejects.toThrow(
      'helm:ml-serving/recsys-serving: no revision of recsys-serving runs release "recsys-v0": set the chart value ripcord.release=recsys-v0 or record its revision under revisions',
    );
    await expect(executorOver(helm, { release: 'nope' }).plan(context, live())).rejects.toThrow(
      'helm history nope failed: Error: release: not found',
    );
  });
});

describe('helm revision reader (pre-staged rollback)', () => {
  it('records the newest served revision whose values name the release, with the exact command lines', async () => {
    const helm = standIn();
    dirs.push(helm.dir);
    const reader = helmRevisionReader({
      name: 'chart',
      release: 'recsys-serving',
      namespace: 'ml-serving',
      cli: helmCli(STAND_IN, helm.env),
    });
    expect(reader.step).toBe('helm:chart');
    expect(await reader.read('recsys-v1', live())).toEqual({
      release: 'recsys-v1',
      revision: 1,
      source: 'helm release ml-serving/recsys-serving revision 1 (superseded, ripcord.release=recsys-v1)',
    });
    expect(helm.calls()).toEqual([
      ['history', 'recsys-serving', '--namespace', 'ml-serving', '--output', 'json'],
      ['get', 'values', 'recsys-serving', '--namespace', 'ml-serving', '--revision', '2', '--output', 'json'],
      ['get', 'values', 'recsys-serving', '--namespace', 'ml-serving', '--revision', '1', '--output', 'json'],
    ]);
    // Read only: nothing was rolled back.
    expect(helm.read().releases['ml-serving/recsys-serving']!.history).toHaveLength(2);
    await expect(reader.read('recsys-v0', live())).rejects.toThrow(
      'helm:chart: no revision of recsys-serving runs release "recsys-v0": set the chart value ripcord.release=recsys-v0 or record its revision under revisions',
    );
  });

  it('checks a pinned revision is still in the history', async () => {
    const helm = standIn();
    dirs.push(helm.dir);
    const reader = (revisions: Record<string, number>) =>
      helmRevisionReader({
        release: 'recsys-serving',
        namespace: 'ml-serving',
        revisions,
        cli: helmCli(STAND_IN, helm.env),
      });
    expect((await reader({ 'recsys-v1': 2 }).read('recsys-v1', live())).revision).toBe(2);
    await expect(reader({ 'recsys-v1': 9 }).read('recsys-v1', live())).rejects.toThrow(
      /revision 9 recorded for release "recsys-v1" is not in the history of recsys-serving/,
    );
  });
});
