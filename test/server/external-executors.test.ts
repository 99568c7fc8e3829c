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
