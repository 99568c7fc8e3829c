/**
 * The seed's 2:17 AM case on a Deployment behind Istio, through the controller and the contract
 * API server. The canary recsys-v2-enc5 shipped a new serving image (Deployment revision 2); its
 * requests start failing. The rollback's stage 1 moves traffic (the registry's policy and the
 * VirtualService weights), the production alias and the release mark. The fault lives in the
 * image every pod now runs, so recsys-v1-enc4 keeps failing: recovery is not verified within
 * `rollbackStages.infrastructureAfter`, and stage 2 rolls the Deployment back to revision 1.
 * The incident shows both stages and why each ran; every object sent is schema-validated.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import type { RolloutStatus } from '../../src/controller/rollout-state.js';
import { formatIncidentReport } from '../../src/incidents/index.js';
import { buildIncidentReport } from '../../src/incidents/report/build-report.js';
import { rolloutExternalExecutors } from '../../src/server/external-executors.js';
import { rolloutRevisionReaders } from '../../src/server/revision-readers.js';
import type { StoreControllerOptions } from '../../src/server/store-controller.js';
import { istioRouter } from '../../src/traffic/istio/istio-router.js';
import { createHarness, type Harness } from '../controller/harness.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { deploymentFixture } from './api-server/deployment-controller.js';
import { kubeFixture, NAMESPACE, type KubeFixture } from './kube-fixture.js';

const V1 = 'recsys-v1-enc4';
const V2 = 'recsys-v2-enc5';

const spec = (more: Partial<RolloutSpecInput> = {}): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: V2,
  analysis: { triggers: ['hard: error rate > 2% for 10s'] },
  canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
  verify: { within: '30s' },
  executors: [
    {
      kind: 'kubernetes-deployment',
      name: 'serving',
      deployment: 'recsys',
      namespace: NAMESPACE,
      timeout: '10s',
    },
  ],
  rollbackStages: { infrastructureAfter: '20s' },
  ...more,
});

const [database] = await testDatabases();

describe('2:17 AM on a Deployment behind Istio: a staged rollback through the controller', () => {
  let kube: KubeFixture;
  let h: Harness;
  /** Set at the fault onset: pods on the enc5 image fail from then on. */
  let faulty = false;

  type Spec = {
    template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
  };
  const deployment = () => kube.server.get('Deployment', NAMESPACE, 'recsys')!.spec as Spec;
  const deployedRelease = () => deployment().template.metadata.labels['ripcord.dev/release'];
  const vsWeights = () =>
    (
      kube.server.get('VirtualService', NAMESPACE, 'recsys')!.spec as {
        http: { route: { destination: { subset: string }; weight?: number }[] }[];
      }
    ).http[0]!.route.map((r) => `${r.destination.subset} ${r.weight ?? 100}`);
  const deploymentWrites = () =>
    kube.server.requests.filter((r) => r.method === 'PUT' && r.path.includes('/deployments/recsys')).length;
  const status = async (): Promise<RolloutStatus> =>
    (await h.controller.deps.rollouts.require('recsys-v2')).body.status;
  /** One second of traffic: whatever runs on the enc5 image fails once the fault began. */
  const second = () =>
    h.second(faulty ? { v2ErrorRate: 0.3, ...(deployedRelease() === V2 ? { v1ErrorRate: 0.3 } : {}) } : {});
  async function until(what: string, done: (s: RolloutStatus) => boolean, limit = 120): Promise<number> {
    for (let s = 1; s <= limit; s += 1) {
      await second();
      await kube.settle();
      if (done(await status())) return s;
    }
    throw new Error(`${what} did not happen within ${limit} s: ${JSON.stringify((await status()).rollback)}`);
  }

  const options = (): Partial<StoreControllerOptions> => ({
    router: istioRouter(kube.client, {
      models: { recsys: { virtualService: 'recsys', host: 'recsys', route: 'primary' } },
      pollMs: 20,
    }),
    externalExecutors: (rollout) =>
      rolloutExternalExecutors(rollout, { env: {}, kube: async () => kube.client }),
    revisionReaders: (rollout) => rolloutRevisionReaders(rollout, { env: {}, kube: async () => kube.client }),
  });

  beforeEach(async () => {
    faulty = false;
    kube = await kubeFixture();
    // Revision 1 serves v1.
    kube.server.put(deploymentFixture('recsys', NAMESPACE, V1, 'registry.example/recsys:enc4'));
    kube.server.put({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'recsys', namespace: NAMESPACE },
      spec: {
        hosts: ['recsys'],
        http: [{ name: 'primary', route: [{ destination: { host: 'recsys', subset: V1 }, weight: 100 }] }],
      },
    });
    await kube.settle();
    h = await createHarness(database!, options());
  });
  afterEach(async () => {
    expect(kube.server.rejected).toEqual([]);
    await h.close();
    await kube.close();
  });

  /** The canary ships its serving image (revision 2), starts at 5 %, then the fault begins. */
  async function canaryThenFault(rollout: RolloutSpecInput): Promise<void> {
    const live = kube.server.get('Deployment', NAMESPACE, 'recsys')!;
    const template = (live.spec as Spec).template;
    template.metadata.labels['ripcord.dev/release'] = V2;
    template.spec.containers[0]!.image = 'registry.example/recsys:enc5';
    kube.server.put(live);
    await kube.settle();
    await h.controller.startRollout(rollout, admin);
    for (let s = 0; s < 5; s += 1) await second();
    expect(vsWeights()).toEqual([`${V1} 95`, `${V2} 5`]);
    faulty = true;
  }

  it('rolls back traffic and the registry, then the Deployment revision when recovery is not verified', async () => {
    await canaryThenFault(spec());
    // Pre-staged: the revision v1 runs on was recorded when the rollout started.
    expect((await status()).infrastructureRevisions).toEqual([
      {
        step: 'kubernetes-deployment:serving',
        release: V1,
        revision: 1,
        source: expect.stringMatching(/^deployment ml-serving\/recsys revision 1 \(replicaset recsys-/),
        recordedAt: expect.any(Number),
      },
    ]);
    await until('stage 1', (s) => s.phase === 'RolledBack');
    // Stage 1: the model. Users are on v1 in the registry and in the VirtualService.
    expect(vsWeights()).toEqual([`${V1} 100`]);
    expect((await h.registry.getTrafficPolicy('recsys'))?.stable).toBe(V1);
    expect(deployedRelease()).toBe(V2);
    const afterStage1 = (await status()).rollback!;
    expect(afterStage1.stages?.map((s) => [s.stage, s.status])).toEqual([
      [1, 'ran'],
      [2, 'waiting'],
    ]);
    const stage1At = h.clock.now();

    // v1's pods still run the enc5 image: stage 2 runs once infrastructureAfter (20 s) has passed.
    await until('stage 2', (s) => s.rollback?.stages?.[1]?.status === 'ran');
    expect(h.clock.now() - stage1At).toBeGreaterThanOrEqual(20_000);
    expect(h.clock.now() - stage1At).toBeLessThan(30_000);
    expect(deployedRelease()).toBe(V1);
    expect(deployment().template.spec.containers[0]!.image).toBe('registry.example/recsys:enc4');

    // On revision 1's image v1 serves cleanly again: recovery is verified after stage 2.
    await until('verification', (s) => s.rollback?.verification === 'verified');
    const event = (await status()).rollback!;
    expect(event.stages).toMatchObject([
      {
        stage: 1,
        status: 'ran',
        outcome: 'succeeded',
        steps: ['traffic', 'alias:production', 'mark-release', 'flag:item-encoder@5'],
      },
      {
        stage: 2,
        status: 'ran',
        outcome: 'succeeded',
        steps: ['kubernetes-deployment:serving'],
        reason: expect.stringMatching(
          /^recovery not verified within 20s of stage 1: .*recsys-v1-enc4 error rate [0-9.]+ % exceeds 5.00 %$/,
        ),
      },
    ]);

    const incident = (await h.controller.deps.incidents.get(event.eventId))!.body;
    expect(incident.status).toBe('resolved');
    expect(incident.stages).toEqual(event.stages);
    expect(incident.actions.map((a) => [a.name, a.outcome?.result])).toEqual([
      ['traffic', 'succeeded'],
      ['alias:production', 'succeeded'],
      ['mark-release', 'succeeded'],
      ['flag:item-encoder@5', 'succeeded'],
      ['kubernetes-deployment:serving', 'succeeded'],
    ]);
    expect(incident.actions[4]!.outcome?.detail).toMatchObject({
      fromRevision: 2,
      toRevision: 1,
      release: V1,
    });
    const describe = formatIncidentReport(incident);
    expect(describe).toContain('stage 1 ran (succeeded): model first');
    expect(describe).toContain('stage 2 ran (succeeded): recovery not verified within 20s of stage 1');
    const report = buildIncidentReport(incident);
    expect(report.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rollback stage 1 started: model first/),
        expect.stringMatching(/^rollback stage 2 started: recovery not verified within 20s/),
      ]),
    );
    expect(report.stages).toHaveLength(2);
    expect(deploymentWrites()).toBe(1);
  });

  it('refuses to start when the rollback target has no recorded infrastructure revision', async () => {
    const missing = spec({
      executors: [
        { kind: 'kubernetes-deployment', name: 'serving', deployment: 'recsys-gpu', namespace: NAMESPACE },
      ],
    });
    await expect(h.controller.startRollout(missing, admin)).rejects.toThrow(
      /^refusing to start: the infrastructure revision of rollback target "recsys-v1-enc4" could not be recorded, so a rollback would not know where to go: .*recsys-gpu/,
    );
    // A Deployment whose history has no revision labelled for v1: the fix is named.
    kube.server.put(deploymentFixture('recsys-cpu', NAMESPACE, 'recsys-v0', 'registry.example/recsys:enc3'));
    await kube.settle();
    const unlabelled = spec({
      executors: [
        { kind: 'kubernetes-deployment', name: 'serving', deployment: 'recsys-cpu', namespace: NAMESPACE },
      ],
    });
    await expect(h.controller.startRollout(unlabelled, admin)).rejects.toThrow(
      /no revision runs release "recsys-v1-enc4": label its pod template ripcord.dev\/release=recsys-v1-enc4 or record its revision under revisions/,
    );
  });

  it('leaves the Deployment alone when stage 1 recovers', async () => {
    await canaryThenFault(spec());
    await until('stage 1', (s) => s.phase === 'RolledBack');
    // The fault was the canary's model alone: v1 serves cleanly on either image.
    faulty = false;
    await until('verification', (s) => s.rollback?.verification === 'verified');
    const event = (await status()).rollback!;
    expect(event.stages?.[1]).toMatchObject({
      stage: 2,
      status: 'skipped',
      reason: expect.stringMatching(/^recovery verified \d+ s after stage 1: infrastructure left as it is$/),
    });
    expect(deployedRelease()).toBe(V2);
    expect(deploymentWrites()).toBe(0);
    const incident = (await h.controller.deps.incidents.get(event.eventId))!.body;
    expect(incident.actions.map((a) => a.name)).not.toContain('kubernetes-deployment:serving');
    expect(formatIncidentReport(incident)).toContain('stage 2 skipped: recovery verified');
  });

  it('rolls the infrastructure back with stage 1 when the rollout asks so for the severity', async () => {
    await canaryThenFault(spec({ rollbackStages: { immediateFor: ['hard'] } }));
    await until('the rollback', (s) => s.phase === 'RolledBack');
    expect(deployedRelease()).toBe(V1);
    expect((await status()).rollback!.stages?.[1]).toMatchObject({
      status: 'ran',
      outcome: 'succeeded',
      reason:
        'the decision is hard and rollbackStages.immediateFor lists it: the infrastructure rolls back with stage 1',
    });
  });

  it('a controller restarted between the stages runs stage 2 once, where the first left off', async () => {
    await canaryThenFault(spec());
    await until('stage 1', (s) => s.phase === 'RolledBack');
    await h.controller.stop();
    h.controller = h.newController(options());
    await until('stage 2', (s) => s.rollback?.stages?.[1]?.status === 'ran');
    await until('verification', (s) => s.rollback?.verification === 'verified');
    const event = (await status()).rollback!;
    const journaled = await h.controller.deps.journal.get(`${event.eventId}/kubernetes-deployment:serving`);
    expect(journaled?.outcome?.result).toBe('succeeded');
    // Stage 1's actions ran once: the new controller found them in the journal.
    const traffic = await h.controller.deps.journal.get(`${event.eventId}/traffic`);
    expect(traffic?.outcome?.detail?.resumed).toBeUndefined();
    expect(deploymentWrites()).toBe(1);
    expect(deployedRelease()).toBe(V1);
  });
});
