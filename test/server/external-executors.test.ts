import { describe, expect, it } from 'vitest';
import { RolloutSpecSchema } from '../../src/controller/rollout-spec.js';
import { requireWebhookSecrets } from '../../src/controller/webhook-secrets.js';
import { rolloutExternalExecutors } from '../../src/server/external-executors.js';

const base = {
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2',
  canary: { steps: [{ setWeight: 5 }] },
  analysis: { triggers: ['hard: error rate > 5% for 1m'] },
};

describe('spec.executors', () => {
  it('builds webhooks first, then each executor in the order written', () => {
    const spec = RolloutSpecSchema.parse({
      ...base,
      webhooks: [{ name: 'pager', url: 'http://127.0.0.1:9/a' }],
      executors: [{ kind: 'webhook', name: 'audit', url: 'http://127.0.0.1:9/b' }],
    });
    expect(rolloutExternalExecutors(spec).map((e) => e.name)).toEqual(['webhook:pager', 'webhook:audit']);
  });

  it('refuses an unknown kind, naming the field', () => {
    const result = RolloutSpecSchema.safeParse({ ...base, executors: [{ kind: 'helmm', name: 'x' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['executors', 0, 'kind']);
  });

  it('refuses two steps of one kind with one name, since their journal keys would collide', () => {
    const result = RolloutSpecSchema.safeParse({
      ...base,
      webhooks: [{ name: 'pager', url: 'http://127.0.0.1:9/a' }],
      executors: [{ kind: 'webhook', name: 'pager', url: 'http://127.0.0.1:9/b' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['executors', 0, 'name'],
      message: expect.stringContaining('webhooks[0]'),
    });
  });

  it('refuses a credential variable that is unset, naming the field, never a value', () => {
    const spec = RolloutSpecSchema.parse({
      ...base,
      executors: [
        { kind: 'webhook', name: 'audit', url: 'http://127.0.0.1:9/b', secretEnv: 'RIPCORD_X_UNSET' },
      ],
    });
    expect(() => requireWebhookSecrets(spec, {})).toThrow(
      /executors\[0\]\.secretEnv: environment variable RIPCORD_X_UNSET/,
    );
    expect(() => requireWebhookSecrets(spec, { RIPCORD_X_UNSET: 'v' })).not.toThrow();
  });
});

describe('spec.executors: Kubernetes and Helm', () => {
  it('builds a Deployment and a Helm step from their specs, with defaults, without reaching a cluster', () => {
    const spec = RolloutSpecSchema.parse({
      ...base,
      executors: [
        { kind: 'kubernetes-deployment', name: 'serving', deployment: 'recsys', namespace: 'ml-serving' },
        { kind: 'helm', name: 'chart', release: 'recsys-serving', revisions: { 'recsys-v1': 4 } },
        { kind: 'argo-rollouts', name: 'canary', rollout: 'recsys' },
        { kind: 'kserve', name: 'isvc', inferenceService: 'recsys' },
      ],
    });
    expect(spec.executors[0]).toMatchObject({
      releaseLabel: 'ripcord.dev/release',
      timeout: '5m',
      revisions: {},
    });
    expect(spec.executors[1]).toMatchObject({ helm: 'helm', releaseValue: 'ripcord.release', timeout: '5m' });
    const built = rolloutExternalExecutors(spec, {
      env: {},
      kube: () => {
        throw new Error('no cluster needed to build the plan');
      },
    });
    expect(built.map((e) => e.name)).toEqual([
      'kubernetes-deployment:serving',
      'helm:chart',
      'argo-rollouts:canary',
      'kserve:isvc',
    ]);
  });

  it('refuses a Deployment name, namespace or timeout Kubernetes would not take, naming the field', () => {
    for (const [field, value, message] of [
      ['deployment', 'Recsys_Serving', 'a Kubernetes object name'],
      ['namespace', 'ML', 'a Kubernetes namespace name'],
      ['timeout', 'soon', 'a duration such as 90s or 5m'],
    ] as const) {
      const result = RolloutSpecSchema.safeParse({
        ...base,
        executors: [{ kind: 'kubernetes-deployment', name: 'serving', deployment: 'recsys', [field]: value }],
      });
      expect(result.success, field).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['executors', 0, field],
        message: expect.stringContaining(message),
      });
    }
  });
});
