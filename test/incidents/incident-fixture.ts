/** A resolved incident with every part of its evidence frozen, built from pure transitions. */
import type { Decision } from '../../src/analysis/judge.js';
import type { PlanRun } from '../../src/actions/run-plan.js';
import {
  openIncident,
  recordDecision,
  recordExecution,
  recordVerification,
  startWatch,
} from '../../src/incidents/index.js';
import type { Incident, IncidentPolicy, SeriesPoint, WindowSummary } from '../../src/incidents/index.js';

export const T0 = Date.UTC(2026, 10, 24, 2, 17, 0);
export const LATENCY = 'hard: p95 latency up > 30% for 10s';
export const ERRORS = 'hard: error rate > 5% for 10s';

function point(
  from: number,
  requests: number,
  p95: number,
  errorRate = 0.001,
  conversion?: number,
): SeriesPoint {
  return {
    from,
    requests,
    errorRate,
    latencyMs: { p50: p95 / 2, p95, p99: p95 * 1.2 },
    diversity: { entropy: 0.7, topItemShare: 0.05, distinctItems: 90 },
    kpis: conversion === undefined ? {} : { conversion: { n: 10, mean: conversion } },
  };
}

function summary(
  release: string,
  from: number,
  to: number,
  requests: number,
  p95: number,
  conversion: number,
): WindowSummary {
  const { from: _f, ...rest } = point(from, requests, p95, 0.001, conversion);
  return { release, from, to, ...rest };
}

const decision: Decision = {
  verdict: 'ROLLBACK_IMMEDIATELY',
  reason: 'p95 latency 40 ms is 100 % above baseline 20 ms for 10s (limit 30 %)',
  trigger: LATENCY,
  readings: [
    {
      trigger: LATENCY,
      severity: 'hard',
      status: 'breach',
      observed: 40,
      baseline: 20,
      message: 'p95 40 ms vs 20 ms',
      consecutiveBreaches: 3,
    },
    {
      trigger: ERRORS,
      severity: 'hard',
      status: 'ok',
      observed: 0.001,
      message: 'error rate 0.1 %',
      consecutiveBreaches: 0,
    },
  ],
  insufficientData: false,
  at: T0 + 12_000,
};

const run: PlanRun = {
  eventId: 'rb_1',
  outcome: 'succeeded',
  startedAt: T0 + 12_000,
  endedAt: T0 + 12_300,
  trafficRestoredAt: T0 + 12_100,
  actions: [
    {
      actionId: 'rb_1/traffic',
      owner: 'rb_1',
      name: 'traffic',
      step: 0,
      status: 'completed',
      startedAt: T0 + 12_000,
      endedAt: T0 + 12_100,
      outcome: { result: 'succeeded', changed: true },
    },
    {
      actionId: 'rb_1/alias:production',
      owner: 'rb_1',
      name: 'alias:production',
      step: 1,
      status: 'completed',
      startedAt: T0 + 12_100,
      endedAt: T0 + 12_300,
      outcome: { result: 'succeeded', changed: true },
    },
  ],
};

export function resolvedIncident(policy?: IncidentPolicy, trigger = LATENCY): Incident {
  const opened = openIncident({
    id: 'rb_1',
    model: 'recsys',
    release: 'recsys-v2-enc5',
    target: 'recsys-v1-enc4',
    rollout: 'recsys-v2',
    trigger,
    reason: decision.reason,
    severity: 'hard',
    role: 'canary',
    actor: 'ripcord-controller',
    onsetAt: T0,
    firstBreachAt: T0 + 2_000,
    ...(policy ? { policy } : {}),
  });
  const decided = recordDecision(opened, T0 + 12_000, decision);
  const executed = recordExecution(decided, run);
  const verified = recordVerification(executed, T0 + 20_000, true, 'p95 back to 20 ms');
  const before = { candidate: [] as SeriesPoint[], baseline: [] as SeriesPoint[] };
  for (let at = T0 - 60_000; at < T0 + 12_000; at += 2_000) {
    const bad = at >= T0;
    before.candidate.push(point(at, 40, bad ? 40 : 20, 0.001, bad ? 0.05 : 0.1));
    before.baseline.push(point(at, 160, 20, 0.001, 0.1));
  }
  const after = { candidate: [] as SeriesPoint[], baseline: [] as SeriesPoint[] };
  for (let at = T0 + 12_000; at < T0 + 20_000; at += 2_000) {
    after.candidate.push(point(at, 0, 0));
    after.baseline.push(point(at, 200, 20));
  }
  const release = (name: string, version: number, encoder: string) => ({
    name,
    model: 'recsys',
    modelVersion: version,
    artifactUri: `s3://models/recsys/${version}`,
    digest: `sha256:${String(version).repeat(64)}`,
    framework: 'onnx',
    image: `registry.example/recsys@sha256:${'a'.repeat(64)}`,
    features: [
      { name: 'item-encoder', version: encoder, kind: 'encoder', digest: `sha256:${encoder.repeat(64)}` },
    ],
    backends: ['http://127.0.0.1:9101'],
  });
  const sample = (user: string, at: number) => ({
    model: 'recsys',
    release: 'recsys-v2-enc5',
    at,
    request: {
      method: 'POST',
      path: '/v1/models/recsys:predict',
      headers: { 'x-user-id': user, authorization: '[redacted]' },
      body: { user },
    },
    response: { body: { items: ['item-001'] } },
    status: 200,
    latencyMs: 40,
  });
  const withEvidence: Incident = {
    ...verified,
    evidence: {
      ...verified.evidence,
      frozenAt: T0 + 12_300,
      completedAt: T0 + 20_000,
      candidate: summary('recsys-v2-enc5', T0 - 60_000, T0 + 12_000, 1440, 40, 0.05),
      baseline: summary('recsys-v1-enc4', T0 - 60_000, T0 + 12_000, 5760, 20, 0.1),
      releases: { pulled: release('recsys-v2-enc5', 2, '5'), target: release('recsys-v1-enc4', 1, '4') },
      windows: {
        before: {
          from: T0 - 60_000,
          to: T0 + 12_000,
          candidate: summary('recsys-v2-enc5', T0 - 60_000, T0 + 12_000, 1440, 40, 0.05),
          baseline: summary('recsys-v1-enc4', T0 - 60_000, T0 + 12_000, 5760, 20, 0.1),
        },
        after: {
          from: T0 + 12_100,
          to: T0 + 20_000,
          candidate: summary('recsys-v2-enc5', T0 + 12_100, T0 + 20_000, 0, 0, 0),
          baseline: summary('recsys-v1-enc4', T0 + 12_100, T0 + 20_000, 1600, 20, 0.1),
        },
      },
      series: { before: { stepMs: 2_000, ...before }, after: { stepMs: 2_000, ...after } },
      stickyKey: { source: 'header', key: 'x-user-id' },
      samples: [
        sample('u1', T0 + 1_000),
        sample('u2', T0 + 3_000),
        sample('u1', T0 + 5_000),
        sample('u9', T0 - 5_000),
      ],
      captureErrors: [],
    },
  };
  return startWatch(withEvidence, T0 + 20_000 + 7_200_000);
}
