import { afterEach, describe, expect, it } from 'vitest';
import { runNotifierContract, sampleNotice } from '../../src/notifiers/notifier.contract.js';
import { teamsNotifier } from '../../src/notifiers/teams/teams-notifier.js';
import { startReceiver } from './receiver.js';
import type { Receiver } from './receiver.js';
import { TeamsMessageSchema } from './teams-schema.js';

const PATH = '/webhookb2/1111@2222/IncomingWebhook/s3cr3tTeamsPart/3333';

/** A Teams incoming webhook: `1` for a valid card, 400 otherwise. */
function teamsWebhook(): Promise<Receiver> {
  return startReceiver((request) => {
    if (request.path !== PATH) return { status: 404, body: 'not found' };
    const parsed = TeamsMessageSchema.safeParse(JSON.parse(request.body));
    if (!parsed.success) return { status: 400, body: 'Bad payload received by generic incoming webhook.' };
    return { status: 200, body: '1', accepted: true };
  });
}

const cardIds = (r: Receiver) => [
  ...new Set(
    r.accepted.map((a) => TeamsMessageSchema.parse(JSON.parse(a.body)).attachments[0]!.content.id ?? ''),
  ),
];

async function over() {
  const r = await teamsWebhook();
  const subject = teamsNotifier({ name: 'ml-oncall', webhookUrl: () => `${r.url}${PATH}`, backoffMs: 1 });
  return { r, subject };
}

runNotifierContract('teams', async () => {
  const { r, subject } = await over();
  return {
    subject,
    received: () => Promise.resolve(cardIds(r)),
    flaky: r.flaky,
    refuse: r.refuse,
    hang: r.hang,
    secret: 's3cr3tTeamsPart',
    close: r.close,
  };
});

describe('teams notifier', () => {
  const open: Receiver[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
  });

  it('posts an Adaptive Card with the headline, facts, reason and commands', async () => {
    const { r, subject } = await over();
    open.push(r);
    await subject.notify({ ...sampleNotice('escalated', 'rb_3'), drill: true }, new AbortController().signal);
    const card = TeamsMessageSchema.parse(JSON.parse(r.accepted[0]!.body)).attachments[0]!.content;
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: '[DRILL] recsys: rollback of recsys-v2-enc5 needs a person',
      color: 'Attention',
    });
    expect(card.body[1]).toMatchObject({ type: 'FactSet' });
    expect(JSON.stringify(card)).toContain('ripcord incident describe rb_3');
  });

  it('never shows the webhook URL in an error', async () => {
    const { r, subject } = await over();
    open.push(r);
    r.refuse();
    const error = (await subject
      .notify(sampleNotice(), new AbortController().signal)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      "teams:ml-oncall to the configured webhook URL was refused: HTTP 403 (not retried; check the receiver's configuration)",
    );
  });
});
