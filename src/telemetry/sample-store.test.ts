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
