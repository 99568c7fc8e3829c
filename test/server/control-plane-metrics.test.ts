/**
 * The control plane's counters follow the controller's events: decisions by verdict, one
 * rollback per decided event however often it is re-emitted, breach → decision and breach →
 * traffic restored in seconds, ticks by leadership.
 */
import { describe, expect, it } from 'vitest';

import type { Controller, TickReport } from '../../src/controller/create-controller.js';
import type { RolloutEvent } from '../../src/controller/controller-deps.js';
import type { RollbackEvent } from '../../src/controller/rollout-state.js';
import { controlPlaneMetrics } from '../../src/server/control-plane-metrics.js';
import { RoutingFleet } from '../../src/traffic/gateway/routing-fleet.js';

function fakeController() {
  const listeners: ((e: RolloutEvent) => void)[] = [];
  const ticks: ((t: TickReport) => void)[] = [];
  const controller = {
    isLeader: true,
    deps: { rollouts: { list: () => Promise.resolve([]) } },
    subscribe: (l: (e: RolloutEvent) => void) => (listeners.push(l), () => undefined),
    onTick: (l: (t: TickReport) => void) => (ticks.push(l), () => undefined),
  } as unknown as Controller;
  return {
    controller,
    emit: (e: RolloutEvent) => listeners.forEach((l) => l(e)),
    tick: (t: TickReport) => ticks.forEach((l) => l(t)),
  };
}

const line = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));

describe('control-plane metrics', () => {
  it('counts decisions, rollbacks once each, and their times', async () => {
    const fake = fakeController();
    const fleet = new RoutingFleet(() => 10_000);
    const metrics = controlPlaneMetrics({
      controller: () => fake.controller,
      fleet: () => fleet,
      now: () => 12_000,
    });
    metrics.attach(fake.controller);
    const rollback: RollbackEvent = {
      eventId: 'rb_1',
      trigger: 'hard: error rate > 5%',
      reason: 'x',
      target: 'v1',
      actor: 'ripcord',
      role: 'canary',
      firstBreachAt: 1_000,
      decidedAt: 4_000,
      verification: 'pending',
    };
    fake.emit({
      rollout: 'r',
      at: 4_000,
      type: 'decision',
      message: '',
      decision: { verdict: 'ROLLBACK_IMMEDIATELY' } as never,
    });
    fake.emit({ rollout: 'r', at: 4_000, type: 'phase', message: '', phase: 'RollingBack', rollback });
    fake.emit({ rollout: 'r', at: 4_000, type: 'incident', message: '', phase: 'RollingBack', rollback });
    fake.emit({
      rollout: 'r',
      at: 5_000,
      type: 'phase',
      message: '',
      phase: 'RolledBack',
      rollback: { ...rollback, trafficRestoredAt: 5_500 },
    });
    fake.tick({ durationMs: 30, leader: true, reconciled: 1, failed: false, lookStride: 1 });
    fake.tick({ durationMs: 5, leader: false, reconciled: 0, failed: true, lookStride: 3 });
    const id = fleet.connect('gw-a');
    fleet.report(id, { revision: 7, policies: {}, failures: [] });
    const text = await metrics.body();
    expect(line(text, 'ripcord_controller_decisions_total{verdict="ROLLBACK_IMMEDIATELY"}')).toMatch(/ 1$/);
    expect(line(text, 'ripcord_rollbacks_total{cause="trigger",role="canary"}')).toMatch(/ 1$/);
    expect(line(text, 'ripcord_rollback_decision_seconds_sum')).toMatch(/ 3$/);
    expect(line(text, 'ripcord_rollback_traffic_restored_seconds_sum')).toMatch(/ 4.5$/);
    expect(line(text, 'ripcord_controller_tick_duration_seconds_count{leader="true"}')).toMatch(/ 1$/);
    expect(line(text, 'ripcord_controller_tick_failures_total')).toMatch(/ 1$/);
    expect(line(text, 'ripcord_controller_leader')).toMatch(/ 1$/);
    expect(line(text, 'ripcord_controller_look_stride')).toMatch(/ 3$/);
    expect(line(text, 'ripcord_gateway_connected{gateway="gw-a"}')).toMatch(/ 1$/);
    expect(line(text, 'ripcord_gateway_routing_revision{gateway="gw-a"}')).toMatch(/ 7$/);
    expect(line(text, 'ripcord_gateway_report_age_seconds{gateway="gw-a"}')).toMatch(/ 2$/);
    expect(line(text, 'ripcord_rollouts{phase="Progressing"}')).toMatch(/ 0$/);

    // A gateway that leaves reads 0, not absent, so an alert on it can fire.
    fleet.disconnect(id);
    expect(line(await metrics.body(), 'ripcord_gateway_connected{gateway="gw-a"}')).toMatch(/ 0$/);
  });
});
