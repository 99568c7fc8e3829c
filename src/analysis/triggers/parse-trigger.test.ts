import { describe, expect, it } from 'vitest';

import { parseTrigger, TRIGGER_GRAMMAR, TriggerSyntaxError } from './index.js';

describe('parseTrigger', () => {
  it('answers a text parsed before with the same frozen trigger; a bad text fails every time', () => {
    const first = parseTrigger('hard: p99 latency up > 25% for 2m');
    expect(parseTrigger('hard: p99 latency up > 25% for 2m', 'triggers[3]')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    for (const field of ['triggers[0]', 'triggers[1]'])
      expect(() => parseTrigger('hard: p99 latency sideways > 25%', field)).toThrow(field);
  });

  it('reads the runbook examples', () => {
    expect(parseTrigger('p95 latency up > 30% for 5m')).toEqual({
      text: 'p95 latency up > 30% for 5m',
      source: 'p95 latency up > 30% for 5m',
      severity: 'hard',
      metric: { kind: 'latency', quantile: 0.95, label: 'p95' },
      comparison: { mode: 'relative', direction: 'up', limit: 0.3, inclusive: false },
      forMs: 300_000,
      overMs: undefined,
      significance: true,
    });
    expect(parseTrigger('error rate > 5% for 3m')).toMatchObject({
      metric: { kind: 'error-rate' },
      comparison: { mode: 'absolute', op: '>', value: 0.05, unit: '%' },
      forMs: 180_000,
    });
    expect(parseTrigger('kpi conversion down > 2% over 15m with significance')).toMatchObject({
      metric: { kind: 'kpi', name: 'conversion' },
      comparison: { mode: 'relative', direction: 'down', limit: 0.02 },
      overMs: 900_000,
      significance: true,
    });
    expect(parseTrigger('prediction diversity down > 20%')).toMatchObject({
      metric: { kind: 'diversity' },
      comparison: { mode: 'relative', direction: 'down', limit: 0.2 },
      // Tested by default, like the rates: a spent homogeneity test (checkpoint-spending.ts).
      significance: true,
    });
    expect(parseTrigger('prediction diversity down > 20% without significance').significance).toBe(false);
    expect(parseTrigger('input null rate > 1%')).toMatchObject({
      metric: { kind: 'null-rate' },
      comparison: { mode: 'absolute', op: '>', value: 0.01 },
    });
    expect(parseTrigger('psi(feature) > 0.2')).toMatchObject({
      metric: { kind: 'psi', field: 'feature' },
      comparison: { mode: 'absolute', op: '>', value: 0.2, unit: '' },
    });
  });

  it('reads severities, units and options', () => {
    const soft = parseTrigger('soft: p99.9 latency > 1.5s');
    expect(soft).toMatchObject({
      severity: 'soft',
      text: 'p99.9 latency > 1.5s',
      source: 'soft: p99.9 latency > 1.5s',
      metric: { quantile: 0.999 },
      comparison: { value: 1500, unit: 's' },
    });
    expect(parseTrigger('HARD: p99 latency >= 400ms').comparison).toEqual({
      mode: 'absolute',
      op: '>=',
      value: 400,
      unit: 'ms',
    });
    expect(parseTrigger('error rate > 0.02 over 1m for 2m without significance')).toMatchObject({
      comparison: { value: 0.02 },
      overMs: 60_000,
      forMs: 120_000,
      significance: false,
    });
    expect(parseTrigger('input null rate(age) > 1% with significance')).toMatchObject({
      metric: { kind: 'null-rate', field: 'age' },
      significance: true,
    });
    expect(parseTrigger('prediction diversity < 0.1').comparison).toMatchObject({ op: '<', value: 0.1 });
    expect(Object.isFrozen(parseTrigger('error rate up > 50%'))).toBe(true);
    expect(parseTrigger('observe: p95 latency up > 20% for 1m')).toMatchObject({
      severity: 'observe',
      text: 'p95 latency up > 20% for 1m',
      source: 'observe: p95 latency up > 20% for 1m',
    });
  });

  it('reads the data triggers: schema mismatch rates and distribution distances', () => {
    // Rates of bad rows are tested like error rates unless told otherwise.
    expect(parseTrigger('input schema mismatch rate > 1%')).toMatchObject({
      metric: { kind: 'schema-mismatch' },
      comparison: { mode: 'absolute', op: '>', value: 0.01, unit: '%' },
      significance: true,
    });
    expect(parseTrigger('input null rate > 2% without significance')).toMatchObject({
      metric: { kind: 'null-rate' },
      significance: false,
    });
    expect(parseTrigger('input null rate(age) up > 50%')).toMatchObject({ significance: true });
    expect(parseTrigger('soft: input schema mismatch rate(age) up > 100% with significance')).toMatchObject({
      severity: 'soft',
      metric: { kind: 'schema-mismatch', field: 'age' },
      comparison: { mode: 'relative', direction: 'up', limit: 1 },
      significance: true,
    });
    expect(parseTrigger('js(plan) > 0.1')).toMatchObject({
      metric: { kind: 'js', field: 'plan' },
      comparison: { mode: 'absolute', op: '>', value: 0.1, unit: '' },
      significance: true,
    });
    for (const t of ['psi(age) > 0.2', 'ks(age) > 0.1']) expect(parseTrigger(t).significance).toBe(true);
    expect(parseTrigger('ks(age) >= 1').comparison).toMatchObject({ op: '>=', value: 1 });
    expect(parseTrigger('KS(age) >= 0.15 over 5m with significance')).toMatchObject({
      metric: { kind: 'ks', field: 'age' },
      comparison: { op: '>=', value: 0.15 },
      overMs: 300_000,
      significance: true,
    });
  });

  const errors: [string, number, string, RegExp][] = [
    ['p95 latency up > 30 for 5m', 17, '30', /a relative change needs a percentage/],
    ['p95 latency > 300', 14, '300', /latency needs a unit: ms or s/],
    ['p95 latncy up > 30%', 4, 'latncy', /expected "latency"/],
    ['error rate > 5% for 3 minutes', 20, '3', /expected a duration/],
    ['error rate > 5% soon', 16, 'soon', /expected "for DURATION"/],
    ['errors > 5%', 7, '>', /expected "rate"/],
    ['medium: error rate > 5%', 0, 'medium', /expected a metric/],
    ['psi(feature) up > 20%', 13, 'up', /psi is already a comparison/],
    ['psi feature > 0.2', 4, 'feature', /expected "\("/],
    ['error rate > 5', 13, '5', /a rate is a fraction/],
    ['kpi > 2%', 4, '>', /expected a KPI name/],
    ['error rate = 5%', 11, '=', /unexpected character/],
    ['p95 latency up', 14, '<end>', /expected ">" after "up"/],
    ['error rate > 5% for 1m for 2m', 23, 'for', /"for" given twice/],
    [
      'js(plan) up > 20%',
      9,
      'up',
      /js is already a comparison with the baseline; write e\.g\. "js\(plan\) > 0\.1"/,
    ],
    ['ks(age) > 10%', 10, '10%', /ks is a plain number, e\.g\. 0\.1/],
    ['js(plan) > 0.9', 11, '0.9', /js is at most 0\.8326, so this could never fire/],
    ['ks(age) > 1', 10, '1', /ks is at most 1, so this could never fire/],
    ['ks(age) >= 1.5', 11, '1.5', /ks is at most 1, so this could never fire/],
    ['js plan > 0.1', 3, 'plan', /expected "\("/],
    ['input schema mismatch > 1%', 22, '>', /expected "rate"/],
    ['input schema rate > 1%', 13, 'rate', /expected "mismatch"/],
    ['input nul rate > 1%', 6, 'nul', /expected "null" or "schema"/],
    ['input schema mismatch rate > 5', 29, '5', /a rate is a fraction/],
    ['input schema mismatch rate(age > 1%', 31, '>', /expected "\)"/],
  ];
  it.each(errors)('%s → error at %d on %s', (source, position, token, reason) => {
    let caught: unknown;
    try {
      parseTrigger(source, 'triggers[0]');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TriggerSyntaxError);
    const e = caught as TriggerSyntaxError;
    expect({ position: e.position, token: e.token }).toEqual({ position, token });
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`triggers[0]: `);
    expect(e.field).toBe('triggers[0]');
    const lines = e.message.split('\n');
    expect(lines[1]).toBe(`  ${source}`);
    expect(lines[2]!.indexOf('^') - 2).toBe(position);
    expect(e.message).toContain(TRIGGER_GRAMMAR);
  });
});
