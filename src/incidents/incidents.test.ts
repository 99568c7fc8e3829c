import { describe, expect, it } from 'vitest';
import type { Decision } from '../analysis/judge.js';
import type { ActionRecord } from '../actions/action-journal.js';
import type { PlanRun } from '../actions/run-plan.js';
import { ManualClock } from '../core/clock.js';
import { createTelemetry } from '../telemetry/create-telemetry.js';
import { freezeEvidence, summarizeWindow } from './evidence.js';
import { formatIncidentReport } from './format-incident-report.js';
import type { Incident } from './incident.js';
import {
  escalate,
  openIncident,
  recordDecision,
  recordExecution,
  recordVerification,
} from './incident-lifecycle.js';
import { mttrBreakdown } from './mttr-breakdown.js';

const T0 = Date.UTC(2026, 10, 24, 2, 17, 0);

const decision: Decision = {
  verdict: 'ROLLBACK_IMMEDIATELY',
  reason: 'prediction diversity 0.04 is 95 % below baseline 0.73 (limit 50 %)',
  trigger: 'hard: prediction diversity down > 50% for 1m',
  readings: [
    {
      trigger: 'hard: prediction diversity down > 50% for 1m',
      severity: 'hard',
      status: 'breach',
      observed: 0.04,
      baseline: 0.73,
      message: 'diversity 0.04 vs baseline 0.73 for 1m (limit −50 %)',
      consecutiveBreaches: 3,
    },
  ],
  insufficientData: false,
  at: T0 + 5_500,
};

function action(
  step: number,
  name: string,
  startedAt: number,
  endedAt: number,
  changed = true,
): ActionRecord {
  return {
    actionId: `evt_217/${name}`,
    owner: 'evt_217',
    name,
    step,
    status: 'completed',
    startedAt,
    endedAt,
    outcome: { result: 'succeeded', changed },
  };
}

const run: PlanRun = {
  eventId: 'evt_217',
  outcome: 'succeeded',
  startedAt: T0 + 5_500,
  endedAt: T0 + 5_700,
  trafficRestoredAt: T0 + 5_540,
  actions: [
    action(0, 'traffic', T0 + 5_500, T0 + 5_540),
    action(1, 'alias:production', T0 + 5_540, T0 + 5_560),
    action(2, 'mark-release', T0 + 5_560, T0 + 5_580),
    action(3, 'flag:item-encoder@5', T0 + 5_580, T0 + 5_600),
    action(4, 'webhook:ops', T0 + 5_600, T0 + 5_700),
  ],
};

function opened(overrides: Partial<Parameters<typeof openIncident>[0]> = {}): Incident {
  return openIncident({
    id: 'evt_217',
    model: 'recsys',
    release: 'recsys-v2-enc5',
    target: 'recsys-v1-enc4',
    rollout: 'recsys-guard',
    trigger: 'hard: prediction diversity down > 50% for 1m',
    reason: 'diversity 0.04 vs baseline 0.73',
    severity: 'hard',
    role: 'production',
    actor: 'controller',
    onsetAt: T0,
    firstBreachAt: T0 + 4_000,
    ...overrides,
  });
}

function resolved(): Incident {
  const decided = recordDecision(opened(), T0 + 5_500, decision);
  return recordVerification(recordExecution(decided, run), T0 + 8_200, true, 'diversity 0.72 for 30s');
}

describe('incident lifecycle', () => {
  it('moves detected → triaged → verifying → resolved, with each milestone set once', () => {
    const incident = opened();
    expect(incident.status).toBe('detected');
    const decided = recordDecision(incident, T0 + 5_500, decision);
    expect(decided.status).toBe('triaged');
    expect(decided.evidence.decision?.readings).toHaveLength(1);
    expect(recordDecision(decided, T0 + 9_999)).toBe(decided);
    const executed = recordExecution(decided, run);
    expect(executed).toMatchObject({
      status: 'verifying',
      times: { trafficRestoredAt: T0 + 5_540, executedAt: T0 + 5_700 },
    });
    const done = recordVerification(executed, T0 + 8_200, true, 'diversity 0.72 for 30s');
    expect(done).toMatchObject({ status: 'resolved', times: { verifiedAt: T0 + 8_200 } });
    expect(recordVerification(done, T0 + 9_000, false, 'late')).toBe(done);
    expect(JSON.parse(JSON.stringify(done))).toEqual(done);
  });

  it('escalates when an action fails, when recovery is not confirmed, or when told to', () => {
    const decided = recordDecision(opened(), T0 + 5_500);
    const failedRun: PlanRun = {
      ...run,
      outcome: 'failed',
      actions: [{ ...run.actions[0]!, outcome: { result: 'failed', error: 'HTTP 503 from store' } }],
    };
    expect(recordExecution(decided, failedRun)).toMatchObject({
      status: 'escalated',
      escalation: 'rollback actions failed: traffic (HTTP 503 from store)',
    });
    expect(
      recordVerification(recordExecution(decided, run), T0 + 65_700, false, 'diversity still 0.05'),
    ).toMatchObject({
      status: 'escalated',
      escalation: 'metrics did not recover: diversity still 0.05',
      times: { escalatedAt: T0 + 65_700 },
    });
    expect(escalate(decided, T0 + 6_000, 'paged on-call')).toMatchObject({
      status: 'escalated',
      escalation: 'paged on-call',
    });
  });

  it('refuses impossible times and verification before execution', () => {
    expect(() => opened({ decidedAt: T0 + 1_000 })).toThrow(
      /decidedAt: the decision .* cannot precede the first breach/,
    );
    expect(() => opened({ onsetAt: T0 + 5_000 })).toThrow(/onsetAt: the fault onset/);
    expect(() => recordVerification(opened(), T0 + 9_000, true, 'ok')).toThrow(
      /record the execution before its verification/,
    );
    expect(opened({ decidedAt: T0 + 4_000, severity: 'manual' }).status).toBe('triaged');
  });
});

describe('mttrBreakdown', () => {
  it('splits a resolved incident into its four phases from the fault onset', () => {
    expect(mttrBreakdown(resolved())).toEqual({
      phases: [
        { phase: 'detection', from: T0, to: T0 + 4_000, ms: 4_000, running: false },
        { phase: 'triage', from: T0 + 4_000, to: T0 + 5_500, ms: 1_500, running: false },
        { phase: 'execution', from: T0 + 5_500, to: T0 + 5_700, ms: 200, running: false },
        { phase: 'verification', from: T0 + 5_700, to: T0 + 8_200, ms: 2_500, running: false },
      ],
      start: 'onset',
      totalMs: 8_200,
      timeToMitigateMs: 5_540,
      complete: true,
    });
  });

  it('starts at the first breach when the onset is unknown, and counts open phases up to now', () => {
    const open = recordDecision(opened({ onsetAt: undefined }), T0 + 5_500);
    const breakdown = mttrBreakdown(open, T0 + 6_000);
    expect(breakdown.start).toBe('first-breach');
    expect(breakdown.phases.map((p) => [p.phase, p.ms, p.running])).toEqual([
      ['detection', undefined, false],
      ['triage', 1_500, false],
      ['execution', 500, true],
      ['verification', undefined, false],
    ]);
    expect(breakdown).toMatchObject({ totalMs: 2_000, complete: false });
    expect(mttrBreakdown(open).totalMs).toBeUndefined();
  });

  it('stops the clock at escalation', () => {
    const stuck = escalate(recordDecision(opened(), T0 + 5_500), T0 + 20_000, 'traffic action failed');
    const breakdown = mttrBreakdown(stuck, T0 + 99_000);
    expect(breakdown.phases[2]).toMatchObject({ phase: 'execution', ms: 14_500, running: false });
    expect(breakdown.totalMs).toBe(20_000);
  });
});

describe('evidence', () => {
  it('summarises real telemetry windows into frozen JSON', () => {
    const clock = new ManualClock(T0);
    const telemetry = createTelemetry({ clock, windowSeconds: 60, schemas: () => undefined });
    for (let i = 0; i < 100; i++) {
      telemetry.record({
        model: 'recsys',
        release: 'v2',
        region: 'eu',
        at: clock.now(),
        outcome: i < 3 ? 'serverError' : 'ok',
        latencyMs: 10 + i,
        predictions: [i < 96 ? 'item-001' : `item-${100 + i}`],
      });
    }
    telemetry.recordKpi({
      model: 'recsys',
      release: 'v2',
      region: 'eu',
      at: clock.now(),
      metric: 'conversion',
      value: 1,
    });
    telemetry.recordKpi({
      model: 'recsys',
      release: 'v2',
      region: 'eu',
      at: clock.now(),
      metric: 'conversion',
      value: 0,
    });
    clock.advance(1_000);
    const window = telemetry.window({ model: 'recsys', release: 'v2', from: T0, to: clock.now() });
    const empty = telemetry.window({ model: 'recsys', release: 'v1', from: T0, to: clock.now() });

    const summary = summarizeWindow(window);
    expect(summary).toMatchObject({
      release: 'v2',
      requests: 100,
      errorRate: 0.03,
      kpis: { conversion: { n: 2, mean: 0.5 } },
    });
    expect(summary.latencyMs.p95).toBeGreaterThan(104 * 0.99);
    expect(summary.latencyMs.p95).toBeLessThan(105 * 1.01);
    expect(summary.diversity.topItemShare).toBeCloseTo(0.96, 10);
    expect(summary.diversity.entropy).toBeGreaterThan(0);
    expect(summary.diversity.entropy).toBeLessThan(0.2);

    const evidence = freezeEvidence({ decision, candidate: window, baseline: empty, samples: [] });
    expect(evidence.baseline).toMatchObject({
      requests: 0,
      errorRate: null,
      latencyMs: { p95: null },
      diversity: { entropy: null },
    });
    expect(Object.isFrozen(evidence.candidate?.latencyMs)).toBe(true);
    expect(JSON.parse(JSON.stringify(evidence))).toEqual(evidence);
    expect(evidence.decision?.readings[0]?.observed).toBe(0.04);
  });
});

describe('formatIncidentReport', () => {
  it('prints the phases, actions and evidence of a resolved incident', () => {
    const incident: Incident = {
      ...resolved(),
      evidence: {
        ...resolved().evidence,
        candidate: {
          release: 'recsys-v2-enc5',
          from: T0 - 60_000,
          to: T0 + 5_000,
          requests: 6_500,
          errorRate: 0.002,
          latencyMs: { p50: 20, p95: 36, p99: 44 },
          diversity: { entropy: 0.04, topItemShare: 0.98, distinctItems: 80 },
          kpis: {},
        },
      },
    };
    expect(formatIncidentReport(incident, { barWidth: 8 })).toBe(
      [
        'Incident evt_217  RESOLVED',
        '  recsys: recsys-v2-enc5 rolled back to recsys-v1-enc4 (rollout recsys-guard)',
        '  trigger   hard: prediction diversity down > 50% for 1m [hard]',
        '  reason    diversity 0.04 vs baseline 0.73',
        '  role      production, by controller, first breach 2026-11-24T02:17:04Z',
        '  onset     2026-11-24T02:17:00Z',
        '  verified  diversity 0.72 for 30s',
        '',
        'Recovery: recovered in 8.2 s, traffic restored in 5.5 s, from fault onset',
        '  detection        4.0 s  ████████  fault onset → first breach',
        '  triage           1.5 s  ███░░░░░  first breach → decision',
        '  execution       200 ms  █░░░░░░░  decision → rollback executed',
        '  verification     2.5 s  █████░░░  executed → recovery confirmed',
        '',
        'Actions',
        '   1. traffic                    succeeded      40 ms',
        '   2. alias:production           succeeded      20 ms',
        '   3. mark-release               succeeded      20 ms',
        '   4. flag:item-encoder@5        succeeded      20 ms',
        '   5. webhook:ops                succeeded     100 ms',
        '',
        'Evidence',
        '  decision  ROLLBACK_IMMEDIATELY at 2026-11-24T02:17:05.500Z: prediction diversity 0.04 is 95 % below baseline 0.73 (limit 50 %)',
        '    breach            diversity 0.04 vs baseline 0.73 for 1m (limit −50 %)',
        '  candidate recsys-v2-enc5: 6500 req, errors 0.20 %, p95 36 ms, diversity 0.04',
        '',
      ].join('\n'),
    );
  });

  it('shows an open incident in progress and an escalation', () => {
    const open = recordDecision(opened(), T0 + 5_500);
    const text = formatIncidentReport(open, { now: T0 + 7_000 });
    expect(text).toContain('Incident evt_217  TRIAGED');
    expect(text).toContain('Recovery: open for 7.0 s, traffic restored in —, from fault onset');
    expect(text).toMatch(/execution +1\.5 s .*decision → rollback executed {2}\(in progress\)/);
    const failed = escalate(open, T0 + 9_000, 'traffic action failed: store unavailable');
    expect(formatIncidentReport(failed)).toContain('  ESCALATED traffic action failed: store unavailable');
  });
});
