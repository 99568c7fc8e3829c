import { afterEach, describe, expect, it } from 'vitest';
import { runNotifierContract, sampleNotice } from '../../src/notifiers/notifier.contract.js';
import { slackNotifier } from '../../src/notifiers/slack/slack-notifier.js';
import type { SlackNotifierOptions } from '../../src/notifiers/slack/slack-notifier.js';
import { bodyOf, startReceiver } from './receiver.js';
import type { ReceivedRequest, Receiver } from './receiver.js';
import { BlockKitMessage } from './slack-schema.js';

const HOOK_PATH = '/services/T0001/B0001/s3cr3tWebhookPart';
const TOKEN = 'xoxb-0000-s3cr3t-bot-token';

/** Slack's incoming webhook: Block Kit checked, `ok` on success, a word and 4xx otherwise. */
function slackWebhook(): Promise<Receiver> {
  return startReceiver((request) => {
    if (request.path !== HOOK_PATH) return { status: 404, body: 'no_service' };
    const parsed = BlockKitMessage.safeParse(bodyOf(request));
    if (!parsed.success) return { status: 400, body: 'invalid_blocks' };
    return { status: 200, body: 'ok', accepted: true };
  });
}

/** Slack's Web API: chat.postMessage and chat.update with a bot token, answering `{ ok }` as Slack does. */
function slackWebApi(): Promise<Receiver & { messages: Map<string, Record<string, unknown>> }> {
  const messages = new Map<string, Record<string, unknown>>();
  let next = 1;
  return startReceiver(
    (request) => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`)
        return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      const body = bodyOf(request);
      if (!BlockKitMessage.safeParse(body).success)
        return { status: 200, body: { ok: false, error: 'invalid_blocks' } };
      const channel = String(body['channel']);
      if (request.path === '/api/chat.postMessage') {
        const ts = `1700000000.${String(next++).padStart(6, '0')}`;
        messages.set(ts, body);
        return { status: 200, body: { ok: true, channel, ts }, accepted: true };
      }
      if (request.path === '/api/chat.update') {
        const ts = String(body['ts']);
        if (!messages.has(ts)) return { status: 200, body: { ok: false, error: 'message_not_found' } };
        messages.set(ts, body);
        return { status: 200, body: { ok: true, channel, ts }, accepted: true };
      }
      return { status: 404, body: { ok: false, error: 'unknown_method' } };
    },
    { status: 200, body: { ok: false, error: 'account_inactive' } },
  ).then((r) => Object.assign(r, { messages }));
}

/** Notice ids a receiver accepted, by the notice block id each message carries. */
function noticeIds(requests: ReceivedRequest[]): string[] {
  const ids = requests.flatMap((r) =>
    (bodyOf(r)['blocks'] as { block_id?: string }[])
      .map((b) => b.block_id)
      .filter((id): id is string => id?.startsWith('ripcord-notice-') ?? false)
      .map((id) => id.slice('ripcord-notice-'.length)),
  );
  return [...new Set(ids)];
}

async function overWebhook(options: Partial<SlackNotifierOptions> = {}) {
  const r = await slackWebhook();
  const subject = slackNotifier({
    name: 'ml-oncall',
    webhookUrl: () => `${r.url}${HOOK_PATH}`,
    backoffMs: 1,
    ...options,
  });
  return { r, subject };
}

runNotifierContract('slack (incoming webhook)', async () => {
  const { r, subject } = await overWebhook();
  return {
    subject,
    received: () => Promise.resolve(noticeIds(r.accepted)),
    flaky: r.flaky,
    refuse: r.refuse,
    hang: r.hang,
    secret: 's3cr3tWebhookPart',
    close: r.close,
  };
});

runNotifierContract('slack (bot token)', async () => {
  const r = await slackWebApi();
  const subject = slackNotifier({
    name: 'ml-oncall',
    token: () => TOKEN,
    channel: 'C0123456789',
    apiUrl: `${r.url}/api/`,
    backoffMs: 1,
  });
  return {
    subject,
    received: () => Promise.resolve(noticeIds(r.accepted.filter((a) => a.path.endsWith('postMessage')))),
    flaky: r.flaky,
    refuse: r.refuse,
    hang: r.hang,
    secret: TOKEN,
    close: r.close,
  };
});

describe('slack notifier', () => {
  const open: Receiver[] = [];
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
  });
  const never = () => new AbortController().signal;

  it('posts Block Kit a reader understands: headline, facts, reason, the commands to run', async () => {
    const { r, subject } = await overWebhook();
    open.push(r);
    await subject.notify(sampleNotice('opened', 'rb_42'), never());
    const message = BlockKitMessage.parse(bodyOf(r.accepted[0]!));
    expect(message.text).toBe(
      'recsys: rolled back recsys-v2-enc5 → recsys-v1-enc4: error rate 9.1 % over 1m',
    );
    expect(message.blocks[0]).toEqual({
      type: 'header',
      block_id: 'ripcord-incident-rb_42',
      text: { type: 'plain_text', text: 'recsys: rolled back recsys-v2-enc5 → recsys-v1-enc4', emoji: true },
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*Trigger*\\nhard: error rate &gt; 5% for 1m');
    expect(text).toContain('`ripcord incident describe rb_42`');
  });

  it('sends each state of one incident as a new webhook message with the same header block id', async () => {
    const { r, subject } = await overWebhook();
    open.push(r);
    await subject.notify(sampleNotice('opened', 'rb_7'), never());
    await subject.notify(sampleNotice('resolved', 'rb_7'), never());
    const headers = r.accepted.map((a) => (bodyOf(a)['blocks'] as { block_id: string }[])[0]!.block_id);
    expect(headers).toEqual(['ripcord-incident-rb_7', 'ripcord-incident-rb_7']);
    expect(JSON.stringify(bodyOf(r.accepted[1]!))).toContain('recovery verified on recsys-v1-enc4');
  });

  it('with a bot token edits the incident message as it moves and replies in its thread', async () => {
    const r = await slackWebApi();
    open.push(r);
    const subject = slackNotifier({
      name: 'oncall',
      token: () => TOKEN,
      channel: 'C1',
      apiUrl: `${r.url}/api/`,
    });
    await subject.notify(sampleNotice('opened', 'rb_9'), never());
    await subject.notify(sampleNotice('resolved', 'rb_9'), never());
    expect(r.accepted.map((a) => a.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
    ]);
    const [, update, reply] = r.accepted.map(bodyOf);
    expect(update?.['ts']).toBe('1700000000.000001');
    expect(reply?.['thread_ts']).toBe('1700000000.000001');
    expect(JSON.stringify(r.messages.get('1700000000.000001'))).toContain('recovery verified');
    expect(r.messages.size).toBe(2); // the incident's message and one thread reply
  });

  it('marks a drill in the headline', async () => {
    const { r, subject } = await overWebhook();
    open.push(r);
    await subject.notify({ ...sampleNotice('opened'), drill: true }, never());
    expect(JSON.stringify(bodyOf(r.accepted[0]!))).toContain('[DRILL] recsys: rolled back');
  });

  it("names Slack's answer on refusal without the webhook URL", async () => {
    const { r, subject } = await overWebhook();
    open.push(r);
    r.refuse();
    const error = (await subject.notify(sampleNotice(), never()).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'slack:ml-oncall: Slack did not accept the escalated notice: HTTP 403: invalid_token',
    );
  });

  it('fails naming the variable when the webhook URL is not set, sending nothing', async () => {
    const { r, subject } = await overWebhook({
      webhookUrl: () => {
        throw new Error('slack:ml-oncall: environment variable SLACK_URL is not set on the control plane');
      },
    });
    open.push(r);
    await expect(subject.notify(sampleNotice(), never())).rejects.toThrow(/SLACK_URL is not set/);
    expect(r.all).toEqual([]);
  });

  it('is told only the kinds it was given', async () => {
    const { r, subject } = await overWebhook({ kinds: ['escalated'] });
    open.push(r);
    await subject.notify(sampleNotice('opened'), never());
    await subject.notify(sampleNotice('escalated'), never());
    expect(noticeIds(r.accepted)).toEqual(['rb_contract/escalated']);
  });
});
