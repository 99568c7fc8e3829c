import { describe, expect, it } from 'vitest';

import { createJudge } from './create-judge.js';
import { judgeNow } from './judge-look.js';
import { healthy, setup, type Arm } from './judge-telemetry.test-support.js';

const TRIGGERS = ['error rate up > 50%', 'prediction diversity down > 20%'];
const collapsed = (release: string): Arm => ({ ...healthy(release), item: () => 'item-0' });

describe('a light look (JudgeInput.light)', () => {
  it("carries the distribution triggers' last reading, testing nothing for them, and judges the rest", () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: TRIGGERS });
    for (let t = 0; t < 30; t++) second([healthy('v1'), healthy('v2')]);
    const full = judgeNow(judge, input({ now: clock.now() }));
    const lookedAt = clock.now();
    expect(full.readings.map((r) => r.status)).toEqual(['ok', 'ok']);
    const diversityState = judge.snapshot({ full: true }).triggers[1];

    // The candidate's predictions collapse, and its errors rise: the light look sees the errors only.
    for (let t = 0; t < 10; t++) second([healthy('v1'), { ...collapsed('v2'), errorRate: 0.2 }]);
    const light = judgeNow(judge, input({ now: clock.now(), light: true }));
    expect(light.readings[1]).toEqual({ ...full.readings[1], carriedFrom: lookedAt });
    expect(judge.snapshot({ full: true }).triggers[1]).toEqual(diversityState);
    expect(light.readings[0]!.carriedFrom).toBeUndefined();
    expect(light).toMatchObject({ verdict: 'ROLLBACK_IMMEDIATELY', trigger: 'error rate up > 50%' });
  });

  it('reads a deferred trigger again on the next full look, from where its test stood', () => {
    const { second, input, clock } = setup();
    const deferred = createJudge({ triggers: TRIGGERS });
    const every = createJudge({ triggers: TRIGGERS });
    for (let t = 0; t < 30; t++) second([healthy('v1'), healthy('v2')]);
    judgeNow(deferred, input({ now: clock.now() }));
    judgeNow(every, input({ now: clock.now() }));
    for (let t = 0; t < 20; t++) {
      second([healthy('v1'), collapsed('v2')]);
      // Light on four ticks of five, as a stride of 5 looks.
      if (t % 5 !== 4) judgeNow(deferred, input({ now: clock.now(), light: true }));
      else {
        const d = judgeNow(deferred, input({ now: clock.now() }));
        expect(d.readings[1]!.carriedFrom).toBeUndefined();
      }
      judgeNow(every, input({ now: clock.now() }));
    }
    const d = judgeNow(deferred, input({ now: clock.now() }));
    expect(d).toMatchObject({ verdict: 'ROLLBACK_IMMEDIATELY', trigger: 'prediction diversity down > 20%' });
    expect(judgeNow(every, input({ now: clock.now() })).verdict).toBe('ROLLBACK_IMMEDIATELY');
  });

  it('judges a distribution trigger not yet read in this step, on the first look and after a new step', () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: TRIGGERS });
    for (let t = 0; t < 30; t++) second([healthy('v1'), healthy('v2')]);
    const first = judgeNow(judge, input({ now: clock.now(), light: true }));
    expect(first.readings.map((r) => r.carriedFrom)).toEqual([undefined, undefined]);
    expect(first.readings[1]!.status).toBe('ok');

    const step = clock.now();
    for (let t = 0; t < 30; t++) second([healthy('v1'), collapsed('v2')]);
    const next = judgeNow(judge, input({ now: clock.now(), since: step, light: true }));
    expect(next.readings[1]!.carriedFrom).toBeUndefined();
    expect(next).toMatchObject({
      verdict: 'ROLLBACK_IMMEDIATELY',
      trigger: 'prediction diversity down > 20%',
    });
  });

  it('lists no read for a carried trigger', () => {
    const { second, input, clock } = setup();
    const judge = createJudge({ triggers: ['prediction diversity down > 20% over 1m'] });
    for (let t = 0; t < 30; t++) second([healthy('v1'), healthy('v2')]);
    judgeNow(judge, input({ now: clock.now() }));
    second([healthy('v1'), healthy('v2')]);
    expect(judge.needs(input({ now: clock.now() }))).not.toEqual([]);
    expect(judge.needs(input({ now: clock.now(), light: true }))).toEqual([]);
  });
});
