/**
 * The seed's 2:17 AM case on a Deployment behind Istio, through the contract API server: the
 * canary recsys-v2-enc5 (its own serving image on the Deployment) degrades; the rollback moves
 * traffic in the registry and the VirtualService, the production alias and the release mark
 * (stage 1); recovery is not verified in time, so the Deployment goes back to the revision that
 * served recsys-v1-enc4 (stage 2). The stages record which ran and why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryActionJournal } from '../../src/actions/memory-action-journal.js';
import { buildRollbackPlan } from '../../src/actions/rollback-plan.js';
import { runStagedPlan } from '../../src/actions/staged-plan.js';
import type { ActionContext } from '../../src/actions/executors/executor.js';
import { createDeploymentExecutor } from '../../src/actions/executors/kubernetes-deployment/deployment-executor.js';
import type { Clock } from '../../src/core/clock.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import { istioRouter } from '../../src/traffic/istio/istio-router.js';
import { testDatabases } from '../support/databases.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { deploymentFixture } from './api-server/deployment-controller.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

const V1 = 'recsys-v1-enc4';
const V2 = 'recsys-v2-enc5';
const decidedAt = Date.parse('2026-11-24T02:17:00Z');

/** A clock whose sleeps pass at once (the verification window is minutes of its time). */
function fastClock(): Clock {
  let now = decidedAt;
  return { now: () => now, sleep: (ms) => Promise.resolve(void (now += ms)) };
}

const context: ActionContext = {
  eventId: 'evt_217',
  model: 'recsys',
  release: V2,
  target: V1,
  trigger: 'hard: prediction diversity down > 50% for 1m',
  reason: 'diversity 0.04 vs baseline 0.73',
  role: 'canary',
  actor: 'controller',
  decidedAt,
};

const [database] = await testDatabases();

describe('2:17 AM on a Deployment behind Istio: staged rollback', () => {
  let kube: KubeFixture;
  let store: Store;
  let registry: Registry;

  beforeEach(async () => {
    store = await database!.open();
    registry = createRegistry({ store, clock: fastClock() });
    await seedRecommender(registry);
    await registry.setAlias('recsys', 'production', V1, admin);
    await registry.setTrafficPolicy(
      { model: 'recsys', stable: V1, weights: [{ release: V2, weight: 5 }] },
      admin,
    );
    kube = await kubeFixture();
    // Revision 1 serves v1; revision 2 (v2's image) is the one live at 2:17.
    kube.server.put(deploymentFixture('recsys', NAMESPACE, V1, 'registry.example/recsys:enc4'));
    await kube.settle();
    const live = kube.server.get('Deployment', NAMESPACE, 'recsys')!;
    const template = (
      live.spec as {
        template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
      }
    ).template;
    template.metadata.labels['ripcord.dev/release'] = V2;
    template.spec.containers[0]!.image = 'registry.example/recsys:enc5';
    kube.server.put(live);
    kube.server.put({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'recsys', namespace: NAMESPACE },
      spec: {
        hosts: ['recsys'],
        http: [
          {
            name: 'primary',
            route: [
              { destination: { host: 'recsys', subset: V1 }, weight: 95 },
              { destination: { host: 'recsys', subset: V2 }, weight: 5 },
            ],
          },
        ],
      },
    });
    await kube.settle();
  });
  afterEach(async () => {
    expect(kube.server.rejected).toEqual([]);
    await kube.close();
    await registry.close();
    await store.close();
  });

  async function plan() {
    const router = istioRouter(kube.client, {
      models: { recsys: { virtualService: 'recsys', host: 'recsys', route: 'primary' } },
    });
    return buildRollbackPlan(registry, context, {
      traffic: {
        awaitApplied: async (model, revision, signal) => {
          const written = await registry.getTrafficPolicy(model);
          if (written) await router.apply(written, signal);
          await router.applied(model, revision, signal);
        },
      },
      external: [
        createDeploymentExecutor(kube.client, { name: 'serving', deployment: 'recsys', timeout: '10s' }),
      ],
    });
  }

  const vsWeights = () =>
    (
      kube.server.get('VirtualService', NAMESPACE, 'recsys')!.spec as {
        http: { route: { destination: { subset: string }; weight: number }[] }[];
      }
    ).http[0]!.route.map((r) => `${r.destination.subset} ${r.weight}`);
  const deployedRelease = () =>
    (
      kube.server.get('Deployment', NAMESPACE, 'recsys')!.spec as {
        template: { metadata: { labels: Record<string, string> } };
      }
    ).template.metadata.labels['ripcord.dev/release'];

  it('rolls back traffic and the registry, then the Deployment revision when recovery is not verified', async () => {
    const journal = new MemoryActionJournal();
    let checks = 0;
    const stages = await runStagedPlan(await plan(), {
      journal,
      clock: fastClock(),
      withinMs: 120_000,
      pollMs: 30_000,
      verify: () => {
        checks += 1;
        return Promise.resolve(false);
      },
    });
    expect(stages.map(({ stage, ran, reason }) => ({ stage, ran, reason }))).toEqual([
      { stage: 1, ran: true, reason: 'model first: traffic, registry, flags and notifications' },
      { stage: 2, ran: true, reason: 'recovery not verified within 120 s of stage 1' },
    ]);
    expect(checks).toBe(5);
    expect(stages[0]!.run!.actions.map((a) => [a.name, a.outcome?.result])).toEqual([
      ['traffic', 'succeeded'],
      ['alias:production', 'succeeded'],
      ['mark-release', 'succeeded'],
      ['flag:item-encoder@5', 'succeeded'],
    ]);
    expect(stages[1]!.run!.actions.map((a) => [a.name, a.outcome?.result, a.outcome?.detail])).toEqual([
      [
        'kubernetes-deployment:serving',
        'succeeded',
        {
          namespace: NAMESPACE,
          deployment: 'recsys',
          fromRevision: 2,
          toRevision: 1,
          release: V1,
          status: 'deployment "recsys" successfully rolled out',
        },
      ],
    ]);
    expect(vsWeights()).toEqual([`${V1} 100`]);
    expect((await registry.getTrafficPolicy('recsys'))?.stable).toBe(V1);
    expect(deployedRelease()).toBe(V1);
  });

  it('leaves the Deployment as it is when recovery is verified after stage 1', async () => {
    const stages = await runStagedPlan(await plan(), {
      journal: new MemoryActionJournal(),
      clock: fastClock(),
      withinMs: 120_000,
      verify: () => Promise.resolve(true),
    });
    expect(stages[1]).toEqual({
      stage: 2,
      ran: false,
      reason: 'recovery verified 0 s after stage 1: infrastructure left as it is',
    });
    expect(vsWeights()).toEqual([`${V1} 100`]);
    expect(deployedRelease()).toBe(V2);
  });

  it('runs the infrastructure at once when the rollout asks so for the severity', async () => {
    const stages = await runStagedPlan(await plan(), {
      journal: new MemoryActionJournal(),
      clock: fastClock(),
      withinMs: 120_000,
      verify: () => Promise.reject(new Error('not asked')),
      immediate: { reason: 'severity critical: the rollout rolls the infrastructure back at once' },
    });
    expect(stages[1]).toMatchObject({
      stage: 2,
      ran: true,
      reason: 'severity critical: the rollout rolls the infrastructure back at once',
    });
    expect(deployedRelease()).toBe(V1);
  });
});
