/**
 * `spec.notify` end to end through the controller: a rollback reaches Slack and PagerDuty (local
 * receivers checking each published format) as it opens and is verified; a soft trigger's pause
 * reaches them as an alert; a drill reaches Slack marked as one and never pages. Also the spec's
 * own checks: a missing credential is refused at submit, naming the field.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RolloutSpecSchema } from '../../src/controller/rollout-spec.js';
import type { RolloutSpecInput } from '../../src/controller/rollout-spec.js';
import { requireWebhookSecrets } from '../../src/controller/webhook-secrets.js';
import { rolloutNotifiers } from '../../src/server/notifiers.js';
import { createHarness } from '../controller/harness.js';
import type { Harness } from '../controller/harness.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';
import { bodyOf, startReceiver } from './receiver.js';
import type { Receiver } from './receiver.js';
import { BlockKitMessage } from './slack-schema.js';
import { PagerDutyEventSchema } from './pagerduty-schema.js';

const [sqlite] = await testDatabases();
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

async function receivers() {
  const slack = await startReceiver((r) =>
    BlockKitMessage.safeParse(bodyOf(r)).success
      ? { status: 200, body: 'ok', accepted: true }
      : { status: 400, body: 'invalid_blocks' },
  );
  const pager = await startReceiver((r) =>
    PagerDutyEventSchema.safeParse(JSON.parse(r.body)).success
      ? { status: 202, body: { status: 'success' }, accepted: true }
      : { status: 400, body: { status: 'invalid event' } },
  );
  return { slack, pager };
}

const spec = (over: Partial<RolloutSpecInput> = {}): RolloutSpecInput => ({
  name: 'recsys-v2',
  model: 'recsys',
  release: 'recsys-v2-enc5',
  canary: { steps: [{ setWeight: 20 }, { pause: {} }] },
  analysis: { triggers: ['hard: p95 latency up > 30% for 10s'] },
  verify: { within: '20s' },
  notify: [
    { kind: 'slack', name: 'ml-oncall', webhookUrlEnv: 'SLACK_URL' },
    { kind: 'pagerduty', name: 'ml-platform', routingKeyEnv: 'PD_KEY', url: 'http://placeholder/v2/enqueue' },
  ],
  ...over,
});

const headlines = (slack: Receiver) =>
  slack.accepted.map((a) => (bodyOf(a)['text'] as string).split(':').slice(0, 2).join(':'));

describe('spec.notify through the controller', () => {
  let h: Harness | undefined;
  const open: Receiver[] = [];
  afterEach(async () => {
    await h?.close();
    vi.unstubAllEnvs();
    for (const r of open.splice(0)) await r.close();
  });

  async function start(input: RolloutSpecInput) {
    const { slack, pager } = await receivers();
    open.push(slack, pager);
    const env = { SLACK_URL: `${slack.url}/services/T/B/x`, PD_KEY: ROUTING_KEY };
    // Checked at submit on the control plane's environment, read at delivery from the same.
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const notify = (input.notify ?? []).map((n) =>
      n.kind === 'pagerduty' ? { ...n, url: `${pager.url}/v2/enqueue` } : n,
    );
    h = await createHarness(sqlite!, { notifiers: rolloutNotifiers(env) });
    await h.controller.startRollout({ ...input, notify } as never, admin);
    return { slack, pager };
  }

  async function rollBackAndVerify(harness: Harness) {
    for (let s = 0; s < 10; s += 1) await harness.second();
    for (let s = 0; s < 120; s += 1) {
      if ((await harness.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'RolledBack')
        break;
      await harness.second({ v2LatencyMs: 40 });
    }
    for (let s = 0; s < 30; s += 1) await harness.second();
  }

  it('tells Slack and pages PagerDuty when the rollback opens, and resolves the page once verified', async () => {
    const { slack, pager } = await start(spec());
    await rollBackAndVerify(h!);
    const id = (await h!.controller.deps.rollouts.require('recsys-v2')).body.status.rollback!.eventId;
    expect(headlines(slack)).toEqual([
      'recsys: rolled back recsys-v2-enc5 → recsys-v1-enc4',
      'recsys: recovery verified on recsys-v1-enc4',
    ]);
    const events = pager.accepted.map(
      (a) => JSON.parse(a.body) as { event_action: string; dedup_key: string },
    );
    expect(events.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', `ripcord/${id}`],
      ['resolve', `ripcord/${id}`],
    ]);
  });

  it('marks a drill in Slack and never pages', async () => {
    const { slack, pager } = await start(spec({ drill: { id: 'drill_1', fault: 'latency' } }));
    await rollBackAndVerify(h!);
    expect(headlines(slack)[0]).toBe('[DRILL] recsys: rolled back recsys-v2-enc5 → recsys-v1-enc4');
    expect(pager.all).toEqual([]);
  });

  it('tells Slack when a soft trigger pauses the rollout (alert and pause)', async () => {
    const { slack, pager } = await start(
      spec({
        canary: { steps: [{ setWeight: 20 }, { analysis: { duration: '10m' } }] },
        analysis: { triggers: ['soft: p95 latency up > 30% for 10s'] },
      }),
    );
    for (let s = 0; s < 10; s += 1) await h!.second();
    for (let s = 0; s < 120; s += 1) {
      if ((await h!.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'Paused') break;
      await h!.second({ v2LatencyMs: 40 });
    }
    expect((await h!.controller.deps.rollouts.require('recsys-v2')).body.status.message).toMatch(
      /paused for investigation/,
    );
    for (let s = 0; s < 5; s += 1) await h!.second({ v2LatencyMs: 40 });
    expect(headlines(slack)).toEqual(['recsys: recsys-v2-enc5 needs attention']);
    expect(JSON.stringify(bodyOf(slack.accepted[0]!))).toContain('paused for investigation');
    expect(pager.all).toEqual([]); // alerts page only when listed
  });
});

describe('spec.notify after promotion', () => {
  let h: Harness | undefined;
  const open: Receiver[] = [];
  afterEach(async () => {
    await h?.close();
    vi.unstubAllEnvs();
    for (const r of open.splice(0)) await r.close();
  });

  it('tells Slack once when a soft guard trigger breaches on the promoted release', async () => {
    const { slack, pager } = await receivers();
    open.push(slack, pager);
    vi.stubEnv('SLACK_URL', `${slack.url}/services/T/B/x`);
    h = await createHarness(sqlite!, {
      notifiers: rolloutNotifiers({ SLACK_URL: `${slack.url}/services/T/B/x` }),
    });
    await h.controller.startRollout(
      {
        ...spec({
          canary: { steps: [{ setWeight: 50 }, { pause: { duration: '20s' } }] },
          analysis: { triggers: ['hard: error rate > 50% for 10s'] },
          guard: { triggers: ['soft: p95 latency up > 30% for 10s'] },
        }),
        notify: [{ kind: 'slack', name: 'ml-oncall', webhookUrlEnv: 'SLACK_URL' }],
      } as never,
      admin,
    );
    for (let s = 0; s < 60; s += 1) {
      if ((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase === 'Guarding') break;
      await h.second();
    }
    expect((await h.controller.deps.rollouts.require('recsys-v2')).body.status.phase).toBe('Guarding');
    for (let s = 0; s < 90; s += 1) await h.second({ v2LatencyMs: 40 });
    const alerts = slack.accepted.filter((a) => JSON.stringify(bodyOf(a)).includes('guard: '));
    expect(alerts.length).toBe(1);
    expect(pager.all).toEqual([]);
  });
});

describe('spec.notify validation', () => {
  const base = { ...spec(), notify: undefined };
  const parse = (notify: unknown) => RolloutSpecSchema.safeParse({ ...base, notify });

  it('accepts each kind with its credential by reference', () => {
    const parsed = parse([
      { kind: 'slack', name: 'a', webhookUrlEnv: 'SLACK_URL' },
      { kind: 'slack', name: 'b', tokenEnv: 'SLACK_TOKEN', channel: 'C012' },
      { kind: 'pagerduty', name: 'p', routingKeyEnv: 'PD_KEY' },
      { kind: 'teams', name: 't', webhookUrlEnv: 'TEAMS_URL' },
      { kind: 'standard-webhook', name: 's', url: 'https://hooks.example.com/x', secretEnv: 'WH_SECRET' },
    ]);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.notify[2]).toMatchObject({
      url: 'https://events.pagerduty.com/v2/enqueue',
      severity: 'critical',
    });
  });

  it.each([
    [[{ kind: 'slack', name: 'a' }], 'notify.0.webhookUrlEnv', 'give webhookUrlEnv'],
    [[{ kind: 'slack', name: 'a', tokenEnv: 'T' }], 'notify.0.channel', 'a bot token posts to a channel'],
    [[{ kind: 'slack', name: 'a', webhookUrl: 'https://hooks.slack.com/x' }], 'notify.0', 'webhookUrl'],
    [
      [{ kind: 'pagerduty', name: 'p', routingKeyEnv: 'not a name' }],
      'notify.0.routingKeyEnv',
      'name an environment variable',
    ],
    [[{ kind: 'email', name: 'e' }], 'notify.0.kind', ''],
    [
      [
        { kind: 'teams', name: 't', webhookUrlEnv: 'A' },
        { kind: 'teams', name: 't', webhookUrlEnv: 'B' },
      ],
      'notify.1.name',
      'listed twice',
    ],
  ])('refuses %j naming %s', (notify, path, words) => {
    const parsed = parse(notify);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join('.').startsWith(path));
    expect(issue, JSON.stringify(parsed.error!.issues)).toBeDefined();
    expect(JSON.stringify(parsed.error!.issues)).toContain(words);
  });

  it('refuses a rollout whose notifier credential is not set on the control plane', () => {
    const parsed = RolloutSpecSchema.parse({
      ...base,
      notify: [{ kind: 'pagerduty', name: 'p', routingKeyEnv: 'PD_KEY' }],
    });
    expect(() => requireWebhookSecrets(parsed, {})).toThrow(
      /^notify\[0\]\.routingKeyEnv: environment variable PD_KEY is not set on the control plane, so pagerduty "p" could not authenticate/,
    );
    expect(() => requireWebhookSecrets(parsed, { PD_KEY: 'x' })).not.toThrow();
  });

  it('keeps one notifier per rollout entry while the entry is unchanged', () => {
    const notifiers = rolloutNotifiers({});
    const parsed = RolloutSpecSchema.parse({
      ...base,
      notify: [{ kind: 'teams', name: 't', webhookUrlEnv: 'A' }],
    });
    expect(notifiers(parsed)[0]).toBe(notifiers(parsed)[0]);
    const changed = { ...parsed, notify: [{ kind: 'teams' as const, name: 't', webhookUrlEnv: 'B' }] };
    expect(notifiers(changed)[0]).not.toBe(notifiers(parsed)[0]);
    expect(notifiers(parsed).map((n) => n.name)).toEqual(['teams:t']);
  });
});
