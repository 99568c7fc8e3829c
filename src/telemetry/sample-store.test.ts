import { describe, expect, it } from 'vitest';

import { REDACTED, SampleStore, type SampleInput } from './sample-store.js';

const sample = (i: number): SampleInput => ({
  model: 'recsys',
  release: 'v2',
  at: i,
  request: {
    method: 'POST',
    path: '/v1/models/recsys:predict',
    headers: {
      Authorization: 'Bearer secret',
      cookie: 'sid=1',
      'x-api-key': 'k',
      'content-type': 'application/json',
    },
    body: { instances: [{ user: { email: 'a@b.c', id: i } }, { user: { email: 'd@e.f' } }], token: 't' },
  },
  response: { headers: { 'set-cookie': 'x' }, body: { predictions: [1, 2] } },
  status: 200,
  latencyMs: 3,
});

describe('SampleStore', () => {
  it('redacts configured paths and headers, always authorization and cookies, without touching the input', () => {
    const store = new SampleStore({
      rate: 1,
      redactPaths: ['instances.*.user.email', 'token'],
      redactHeaders: ['X-Api-Key'],
    });
    const input = sample(1);
    store.record(input);
    const [got] = store.freeze('recsys', 'v2');
    expect(got!.request.headers).toEqual({
      Authorization: REDACTED,
      cookie: REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'application/json',
    });
    expect(got!.response.headers).toEqual({ 'set-cookie': REDACTED });
    expect(got!.request.body).toEqual({
      instances: [{ user: { email: REDACTED, id: 1 } }, { user: { email: REDACTED } }],
      token: REDACTED,
    });
    expect((input.request.body as { token: string }).token).toBe('t');
  });

  it('redacts credential headers, query keys and body fields by default', () => {
    const store = new SampleStore({ rate: 1 });
    store.record({
      ...sample(1),
      request: {
        method: 'POST',
        path: '/json/recsys/score?api_key=k1&lang=en&access_token=t1&Password=p',
        headers: { 'X-Auth-Token': 'a', 'x-api-key': 'k', cookie: 'sid=1', 'user-agent': 'curl' },
        body: {
          user: { name: 'ann', password: 'hunter2', apiKey: 'k2' },
          rows: [{ client_secret: 's', v: 1 }],
        },
      },
      response: { body: { access_token: 'issued', score: 0.5 } },
    });
    const [got] = store.freeze('recsys', 'v2');
    expect(got!.request.path).toBe(
      `/json/recsys/score?api_key=${REDACTED}&lang=en&access_token=${REDACTED}&Password=${REDACTED}`,
    );
    expect(got!.request.headers).toEqual({
      'X-Auth-Token': REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'user-agent': 'curl',
    });
    expect(got!.request.body).toEqual({
      user: { name: 'ann', password: REDACTED, apiKey: REDACTED },
      rows: [{ client_secret: REDACTED, v: 1 }],
    });
    expect(got!.response.body).toEqual({ access_token: REDACTED, score: 0.5 });
  });

  it('takes more names to redact, or only the configured ones (authorization and cookies always)', () => {
    const store = new SampleStore({
      rate: 1,
      redactDefaults: false,
      redactKeys: ['email'],
      redactQueryKeys: ['uid'],
      redactHeaders: ['x-tenant'],
    });
    store.record({
      ...sample(1),
      request: {
        path: '/p?uid=7&token=t',
        headers: { 'x-tenant': 'acme', 'x-api-key': 'k', authorization: 'Bearer b' },
        body: { email: 'a@b.c', password: 'p' },
      },
    });
    const [got] = store.freeze('recsys', 'v2');
    expect(got!.request.path).toBe(`/p?uid=${REDACTED}&token=t`);
    expect(got!.request.headers).toEqual({ 'x-tenant': REDACTED, 'x-api-key': 'k', authorization: REDACTED });
    expect(got!.request.body).toEqual({ email: REDACTED, password: 'p' });
  });

  it('keeps a bounded ring per release, oldest first, and frozen copies do not change', () => {
    const store = new SampleStore({ rate: 1, capacity: 3 });
    for (let i = 0; i < 5; i++) store.record(sample(i));
    const frozen = store.freeze('recsys', 'v2');
    expect(frozen.map((s) => s.at)).toEqual([2, 3, 4]);
    store.record(sample(5));
    expect(frozen.map((s) => s.at)).toEqual([2, 3, 4]);
    expect(store.freeze('recsys', 'v1')).toEqual([]);
  });

  it('samples at the configured rate', () => {
    let x = 0;
    const store = new SampleStore({ rate: 0.25, random: () => (x = (x + 0.1) % 1) });
    let kept = 0;
    for (let i = 0; i < 1000; i++) if (store.shouldSample()) kept++;
    expect(kept).toBeGreaterThan(150);
    expect(kept).toBeLessThan(350);
    expect(() => new SampleStore({ rate: 2 })).toThrow(/samples.rate/);
  });
});
