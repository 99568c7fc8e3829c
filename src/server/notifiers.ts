/**
 * Builds a rollout's notifiers: its signed webhooks (`spec.webhooks`) and each `spec.notify`
 * entry by kind. A notifier is kept per rollout and entry while the entry is unchanged, so the
 * state a notifier holds (the Slack message it edits, the notices it already delivered) lasts
 * from one notice of an incident to the next. Credentials are read at delivery, by reference.
 */
import { credentialFromEnv } from '../controller/webhook-secrets.js';
import type { NotifyKind, NotifySpec } from '../controller/notify-spec.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import type { Notifier } from '../notifiers/notifier.js';
import { pagerDutyNotifier } from '../notifiers/pagerduty/pagerduty-notifier.js';
import { slackNotifier } from '../notifiers/slack/slack-notifier.js';
import { standardWebhookNotifier } from '../notifiers/standard-webhooks/standard-webhook-notifier.js';
import { teamsNotifier } from '../notifiers/teams/teams-notifier.js';
import { rolloutWebhookNotifiers } from '../notifiers/webhook/rollout-webhooks.js';

type Env = Record<string, string | undefined>;
type Factory<K extends NotifyKind> = (spec: Extract<NotifySpec, { kind: K }>, env: Env) => Notifier;

const FACTORIES: { [K in NotifyKind]: Factory<K> } = {
  slack: (spec, env) => {
    const owner = `slack:${spec.name}`;
    const { webhookUrlEnv, tokenEnv } = spec;
    return slackNotifier({
      name: spec.name,
      webhookUrl: webhookUrlEnv ? () => credentialFromEnv(owner, webhookUrlEnv, env) : undefined,
      token: tokenEnv ? () => credentialFromEnv(owner, tokenEnv, env) : undefined,
      channel: spec.channel,
      apiUrl: spec.apiUrl,
      kinds: spec.kinds,
    });
  },
  pagerduty: (spec, env) =>
    pagerDutyNotifier({
      name: spec.name,
      routingKey: () => credentialFromEnv(`pagerduty:${spec.name}`, spec.routingKeyEnv, env),
      url: spec.url,
      severity: spec.severity,
      kinds: spec.kinds,
    }),
  teams: (spec, env) =>
    teamsNotifier({
      name: spec.name,
      webhookUrl: () => credentialFromEnv(`teams:${spec.name}`, spec.webhookUrlEnv, env),
      kinds: spec.kinds,
    }),
  'standard-webhook': (spec, env) =>
    standardWebhookNotifier({
      name: spec.name,
      url: spec.url,
      secret: () => credentialFromEnv(`standard-webhook:${spec.name}`, spec.secretEnv, env),
      kinds: spec.kinds,
    }),
};

/** One `spec.notify` entry as its notifier. */
export function notifierFor(spec: NotifySpec, env: Env = process.env): Notifier {
  return (FACTORIES[spec.kind] as Factory<NotifyKind>)(spec, env);
}

/** `ControllerDeps.notifiers`: a rollout's webhooks and notify entries, each kept while unchanged. */
export function rolloutNotifiers(env: Env = process.env) {
  const kept = new Map<string, { key: string; notifier: Notifier }>();
  return (
    spec: Pick<RolloutSpec, 'name' | 'webhooks'> & Partial<Pick<RolloutSpec, 'notify'>>,
  ): Notifier[] => [
    ...rolloutWebhookNotifiers(spec),
    ...(spec.notify ?? []).map((entry) => {
      const id = `${spec.name}/${entry.kind}:${entry.name}`;
      const key = JSON.stringify(entry);
      const found = kept.get(id);
      if (found?.key === key) return found.notifier;
      const notifier = notifierFor(entry, env);
      kept.set(id, { key, notifier });
      return notifier;
    }),
  ];
}
