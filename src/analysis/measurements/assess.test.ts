import { describe, expect, it } from 'vitest';

import {
  assessMetricStatus,
  assessRunStatus,
  compileMetric,
  emptyResult,
  evaluateMeasurement,
  nextMeasurementAt,
  recordMeasurement,
  takeMeasurement,
  type AnalysisPhase,
  type MetricResult,
  type MetricSpec,
} from './index.js';

describe('one measurement (EvaluateResult)', () => {
  const cases: [string, Partial<MetricSpec>, unknown, AnalysisPhase][] = [
    [
      'both set, failure true → Failed (failure wins)',
      { successCondition: 'result > 0', failureCondition: 'result > 0' },
      1,
      'Failed',
    ],
    [
      'both set, success true → Successful',
      { successCondition: 'result > 0.9', failureCondition: 'result < 0.5' },
      0.95,
      'Successful',
    ],
    [
      'both set, neither true → Inconclusive',
      { successCondition: 'result > 0.9', failureCondition: 'result < 0.5' },
      0.7,
      'Inconclusive',
    ],
    ['only success, true → Successful', { successCondition: 'result >= 0.95' }, 0.99, 'Successful'],
    ['only success, false → Failed', { successCondition: 'result >= 0.95' }, 0.9, 'Failed'],
    ['only failure, true → Failed', { failureCondition: 'result[0] >= 10' }, [12], 'Failed'],
    ['only failure, false → Successful', { failureCondition: 'result[0] >= 10' }, [3], 'Successful'],
    ['neither set → Successful', {}, 42, 'Successful'],
    ['expression error → Error', { successCondition: 'result.a > 1' }, 'text', 'Error'],
    ['non-boolean condition → Error', { successCondition: 'result + 1' }, 1, 'Error'],
    ['no data (empty vector) → Inconclusive', { successCondition: 'result[0] >= 0.95' }, [], 'Inconclusive'],
    ['no data (nil) → Inconclusive', { failureCondition: 'result > 1' }, null, 'Inconclusive'],
    [
      'NaN with only success → Failed (as Argo)',
      { successCondition: 'result >= 0.95' },
      Number.NaN,
      'Failed',
    ],
    [
      'NaN handled by isNaN → Successful',
      { successCondition: 'isNaN(result) || result >= 0.95' },
      Number.NaN,
      'Successful',
    ],
    [
      'default() turns no data into a value',
      { successCondition: 'default(result[0], 0) < 0.05' },
      [],
      'Successful',
    ],
  ];
  it.each(cases)('%s', (_name, spec, value, phase) => {
    expect(evaluateMeasurement(compileMetric({ name: 'm', ...spec }), value).phase).toBe(phase);
  });
});

describe('counters (runMeasurements)', () => {
  it('counts an Error toward error and consecutiveError but not count', () => {
    const metric = compileMetric({ name: 'm', interval: '1m', successCondition: 'result > 1' });
    let r = emptyResult(metric);
    r = takeMeasurement(metric, r, 'x');
    r = takeMeasurement(metric, r, 'x');
    expect(r).toMatchObject({ error: 2, consecutiveError: 2, count: 0 });
    r = takeMeasurement(metric, r, 2);
    expect(r).toMatchObject({
      error: 2,
      consecutiveError: 0,
      count: 1,
      successful: 1,
      consecutiveSuccess: 1,
    });
    r = takeMeasurement(metric, r, 0);
    expect(r).toMatchObject({ failed: 1, count: 2, consecutiveSuccess: 0 });
  });
});

/** Builds a result from a list of measurement phases. */
function resultOf(phases: AnalysisPhase[], name = 'm'): MetricResult {
  let r: MetricResult = { ...emptyResult(compileMetric({ name })), name };
  for (const phase of phases) r = recordMeasurement(r, { phase });
  return r;
}

const S: AnalysisPhase = 'Successful';
const F: AnalysisPhase = 'Failed';
const I: AnalysisPhase = 'Inconclusive';
const E: AnalysisPhase = 'Error';

describe('metric phase (assessMetricStatus)', () => {
  const cases: [string, Partial<MetricSpec>, AnalysisPhase[], AnalysisPhase, boolean?][] = [
    ['no measurements → Pending', { interval: '1m' }, [], 'Pending'],
    ['no measurements, terminating → Successful', { interval: '1m' }, [], 'Successful', true],
    ['in-flight measurement → Running', { interval: '1m' }, [S, 'Running'], 'Running'],
    ['failureLimit default 0: one failure → Failed', { interval: '1m' }, [F], 'Failed'],
    ['failed == failureLimit → still Running', { interval: '1m', failureLimit: 2 }, [F, S, F], 'Running'],
    ['failed > failureLimit → Failed', { interval: '1m', failureLimit: 2 }, [F, F, F], 'Failed'],
    ['failureLimit −1 disables failures', { interval: '1m', failureLimit: -1 }, [F, F, F, F], 'Running'],
    ['inconclusiveLimit default 0: one → Inconclusive', { interval: '1m' }, [I], 'Inconclusive'],
    ['inconclusive within limit → Running', { interval: '1m', inconclusiveLimit: 1 }, [I], 'Running'],
    [
      'Inconclusive beats Failed when both limits exceeded (later wins)',
      { interval: '1m' },
      [F, I],
      'Inconclusive',
    ],
    ['consecutiveErrorLimit default 4: four errors → Running', { interval: '1m' }, [E, E, E, E], 'Running'],
    ['consecutiveErrorLimit default 4: five errors → Error', { interval: '1m' }, [E, E, E, E, E], 'Error'],
    ['errors interrupted by a success do not add up', { interval: '1m' }, [E, E, E, S, E, E], 'Running'],
    [
      'Error beats Failed and Inconclusive (later wins)',
      { interval: '1m', consecutiveErrorLimit: 0 },
      [F, I, E],
      'Error',
    ],
    ['count reached → Successful', { interval: '1m', count: 3, failureLimit: 1 }, [S, F, S], 'Successful'],
    ['count not reached → Running', { interval: '1m', count: 3 }, [S, S], 'Running'],
    ['errors do not count toward count', { interval: '1m', count: 2 }, [S, E], 'Running'],
    ['no interval and no count → one measurement', {}, [S], 'Successful'],
    [
      'consecutiveSuccessLimit reached → Successful',
      { interval: '1m', consecutiveSuccessLimit: 2, failureLimit: 3 },
      [F, S, S],
      'Successful',
    ],
    [
      'consecutiveSuccessLimit not yet → Running',
      { interval: '1m', consecutiveSuccessLimit: 3, failureLimit: 3 },
      [S, F, S],
      'Running',
    ],
    [
      'count reached without the successes, both limits set → Inconclusive',
      { interval: '1m', count: 3, consecutiveSuccessLimit: 2, failureLimit: 3 },
      [S, F, S],
      'Inconclusive',
    ],
    [
      'count reached without the successes, failureLimit −1 → Failed',
      { interval: '1m', count: 3, consecutiveSuccessLimit: 2, failureLimit: -1 },
      [S, F, S],
      'Failed',
    ],
    ['unbounded metric, terminating → Successful', { interval: '1m' }, [S, S], 'Successful', true],
  ];
  it.each(cases)('%s', (_name, spec, phases, expected, terminating) => {
    const metric = compileMetric({ name: 'm', ...spec });
    expect(assessMetricStatus(metric, resultOf(phases), terminating ?? false)).toBe(expected);
  });

  it('keeps a completed phase', () => {
    const metric = compileMetric({ name: 'm', interval: '1m' });
    expect(assessMetricStatus(metric, { ...resultOf([S]), phase: 'Failed' })).toBe('Failed');
  });
});

describe('run phase (assessRunStatus)', () => {
  const metric = (name: string, spec: Partial<MetricSpec> = {}) => compileMetric({ name, count: 1, ...spec });
  const done = (name: string, phase: AnalysisPhase): MetricResult => ({ ...resultOf([phase], name) });

  const cases: [string, ReturnType<typeof metric>[], MetricResult[], AnalysisPhase][] = [
    ['all successful → Successful', [metric('a'), metric('b')], [done('a', S), done('b', S)], 'Successful'],
    [
      'worst completed wins: Failed over Inconclusive',
      [metric('a'), metric('b')],
      [done('a', I), done('b', F)],
      'Failed',
    ],
    [
      'worst completed wins: Error over Inconclusive',
      [metric('a', { failureLimit: 1 }), metric('b', { consecutiveErrorLimit: 0 })],
      [done('a', I), done('b', E)],
      'Error',
    ],
    [
      'Inconclusive over Successful',
      [metric('a'), metric('b')],
      [done('a', S), done('b', I)],
      'Inconclusive',
    ],
    [
      'one still measuring → Running',
      [metric('a'), metric('b', { count: 2 })],
      [done('a', S), done('b', S)],
      'Running',
    ],
    ['a metric not started → Running', [metric('a'), metric('b')], [done('a', S)], 'Running'],
    [
      'dry-run failure is left out',
      [metric('a'), metric('b', { dryRun: true })],
      [done('a', S), done('b', F)],
      'Successful',
    ],
    ['only dry-run metrics → Successful', [metric('b', { dryRun: true })], [done('b', F)], 'Successful'],
    [
      'a failure terminates the run even while another runs',
      [metric('a'), metric('b', { interval: '1m' })],
      [{ ...done('a', F), phase: 'Failed' }, done('b', S)],
      'Failed',
    ],
  ];
  it.each(cases)('%s', (_name, metrics, results, expected) => {
    expect(assessRunStatus(metrics, results).phase).toBe(expected);
  });

  it('explains the worst metric', () => {
    const status = assessRunStatus([metric('errors', { failureLimit: 1 })], [resultOf([F, F], 'errors')]);
    expect(status.phase).toBe('Failed');
    expect(status.message).toBe('Metric "errors" assessed Failed due to failed (2) > failureLimit (1)');
  });

  it('terminate → Successful when nothing was measured', () => {
    expect(assessRunStatus([metric('a')], [], { terminate: true })).toMatchObject({
      phase: 'Successful',
      message: 'Run Terminated',
    });
  });
});

describe('compileMetric', () => {
  it('rejects bad limits and conditions with the field named', () => {
    expect(() => compileMetric({ name: 'm', failureLimit: -2 }, 'metrics[0]')).toThrow(
      'metrics[0].failureLimit: -2 must be an integer >= -1',
    );
    expect(() => compileMetric({ name: 'm', successCondition: 'result >' }, 'metrics[1]')).toThrow(
      /metrics\[1\]\.successCondition: unexpected end of condition at position 8/,
    );
    expect(() => compileMetric({ name: 'm', interval: 'soon' })).toThrow(
      /metric.interval: "soon" is not a duration/,
    );
  });
});

describe('nextMeasurementAt', () => {
  const t0 = 1_000_000;
  it('schedules the first measurement after the initial delay', () => {
    const metric = compileMetric({ name: 'm', interval: '30s' });
    expect(nextMeasurementAt(metric, emptyResult(metric), t0, 5000)).toBe(t0 + 5000);
  });
  it('waits the interval after a measurement, 10 s after an error', () => {
    const metric = compileMetric({ name: 'm', interval: '30s', successCondition: 'result > 1' });
    const ok = takeMeasurement(metric, emptyResult(metric), 2, t0);
    expect(nextMeasurementAt(metric, ok, t0)).toBe(t0 + 30_000);
    const err = takeMeasurement(metric, ok, 'x', t0 + 30_000);
    expect(nextMeasurementAt(metric, err, t0)).toBe(t0 + 40_000);
  });
  it('stops when the count is reached, the metric completed, or it measures once', () => {
    const counted = compileMetric({ name: 'm', interval: '30s', count: 1 });
    expect(
      nextMeasurementAt(counted, takeMeasurement(counted, emptyResult(counted), 1, t0), t0),
    ).toBeUndefined();
    const once = compileMetric({ name: 'm' });
    expect(nextMeasurementAt(once, takeMeasurement(once, emptyResult(once), 1, t0), t0)).toBeUndefined();
    const every = compileMetric({ name: 'm', interval: '30s' });
    expect(
      nextMeasurementAt(every, { ...takeMeasurement(every, emptyResult(every), 1, t0), phase: 'Failed' }, t0),
    ).toBeUndefined();
  });
});
