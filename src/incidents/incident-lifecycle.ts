/**
 * Pure transitions of an incident through its phases. Each returns a new incident and never
 * moves a milestone once set, so replaying a transition after a controller restart changes
 * nothing (the controller stores the result as a revisioned document).
 */
import type { Decision } from '../analysis/judge.js';
import type { PlanRun } from '../actions/run-plan.js';
import { ValidationError } from '../core/errors.js';
import { decisionEvidence } from './evidence.js';
import type { Evidence } from './evidence.js';
import type { Incident, Relapse } from './incident.js';

/** What the rollback knows when it opens the incident: the identity fields plus the first times. */
export interface OpenIncidentInput extends Pick<
  Incident,
  | 'id'
  | 'model'
  | 'release'
  | 'target'
  | 'rollout'
  | 'trigger'
  | 'reason'
  | 'severity'
  | 'role'
  | 'actor'
  | 'policy'
  | 'drill'
> {
  firstBreachAt: number;
  onsetAt?: number | undefined;
  /** Given for a decision already made (manual rollbacks are decided when they are asked for). */
  decidedAt?: number | undefined;
  evidence?: Evidence | undefined;
}

export function openIncident(input: OpenIncidentInput): Incident {
  const { firstBreachAt, onsetAt, decidedAt, evidence, ...rest } = input;
  if (decidedAt !== undefined && decidedAt < firstBreachAt)
    throw new ValidationError(
      'decidedAt',
      `decidedAt: the decision (${decidedAt}) cannot precede the first breach (${firstBreachAt})`,
    );
  if (onsetAt !== undefined && onsetAt > firstBreachAt)
    throw new ValidationError(
      'onsetAt',
      `onsetAt: the fault onset (${onsetAt}) cannot follow the first breach (${firstBreachAt})`,
    );
  return {
    ...rest,
    status: decidedAt === undefined ? 'detected' : 'triaged',
    times: {
      firstBreachAt,
      ...(onsetAt === undefined ? {} : { onsetAt }),
      ...(decidedAt === undefined ? {} : { decidedAt }),
    },
    actions: [],
    evidence: evidence ?? { samples: [] },
  };
}

/** Triage: the decision to roll back, with its readings when they were not frozen already. */
export function recordDecision(incident: Incident, at: number, decision?: Decision): Incident {
  if (incident.times.decidedAt !== undefined) return incident;
  const evidence: Evidence =
    decision && !incident.evidence.decision
      ? { ...incident.evidence, decision: decisionEvidence(decision) }
      : incident.evidence;
  return { ...incident, status: 'triaged', times: { ...incident.times, decidedAt: at }, evidence };
}

/** Execution: the plan's actions and times; a failed or aborted plan escalates. */
export function recordExecution(incident: Incident, run: PlanRun): Incident {
  const times = {
    ...incident.times,
    trafficRestoredAt: incident.times.trafficRestoredAt ?? run.trafficRestoredAt,
  };
  if (run.outcome !== 'succeeded') {
    const failed = run.actions.filter((a) => a.outcome?.result === 'failed');
    const escalation =
      run.outcome === 'aborted'
        ? 'the rollback plan was interrupted before it completed'
        : `rollback actions failed: ${failed.map((a) => `${a.name} (${a.outcome?.error ?? 'no message'})`).join('; ')}`;
    return { ...incident, actions: run.actions, times, status: 'escalated', escalation };
  }
  return {
    ...incident,
    actions: run.actions,
    status: incident.status === 'resolved' ? 'resolved' : 'verifying',
    times: { ...times, executedAt: incident.times.executedAt ?? run.endedAt },
  };
}

/** Verification: the judges confirm recovery (resolved) or the window ran out (escalated). */
export function recordVerification(
  incident: Incident,
  at: number,
  recovered: boolean,
  message: string,
): Incident {
  if (incident.status === 'resolved' || incident.status === 'escalated') return incident;
  if (incident.times.executedAt === undefined)
    throw new ValidationError(
      'executedAt',
      `incident ${incident.id}: record the execution before its verification`,
    );
  return recovered
    ? {
        ...incident,
        status: 'resolved',
        verification: { recovered, message },
        times: { ...incident.times, verifiedAt: at },
      }
    : {
        ...incident,
        status: 'escalated',
        verification: { recovered, message },
        escalation: `metrics did not recover: ${message}`,
        times: { ...incident.times, escalatedAt: at },
      };
}

export function escalate(incident: Incident, at: number, reason: string): Incident {
  if (incident.status === 'escalated') return incident;
  return {
    ...incident,
    status: 'escalated',
    escalation: reason,
    times: { ...incident.times, escalatedAt: at },
  };
}

/**
 * The fault onset, reported by whoever knows it (the demo's fault injector, a drill, an
 * operator). Set once; it must not follow the first breach.
 */
export function recordOnset(incident: Incident, at: number, reportedBy: string): Incident {
  if (incident.times.onsetAt !== undefined) return incident;
  if (!Number.isFinite(at) || at < 0)
    throw new ValidationError('at', `at: the fault onset must be a time in epoch ms (got ${at})`);
  if (at > incident.times.firstBreachAt)
    throw new ValidationError(
      'at',
      `at: the fault onset (${new Date(at).toISOString()}) cannot follow the first breach (${new Date(incident.times.firstBreachAt).toISOString()})`,
    );
  return { ...incident, onsetReportedBy: reportedBy, times: { ...incident.times, onsetAt: at } };
}

/** Recovery verified: the target stays watched until `until`. */
export function startWatch(incident: Incident, until: number): Incident {
  if (incident.watch || incident.status !== 'resolved') return incident;
  return { ...incident, watch: { until } };
}

/** The watch ran its course without a relapse. */
export function endWatch(incident: Incident, at: number): Incident {
  if (!incident.watch || incident.watch.endedAt !== undefined) return incident;
  return { ...incident, watch: { ...incident.watch, endedAt: at } };
}

/** A breach on the target during the watch: the incident re-opens, escalated to a person. */
export function recordRelapse(incident: Incident, relapse: Relapse): Incident {
  return {
    ...incident,
    status: 'escalated',
    escalation: `relapse after rollback: ${relapse.reason}`,
    relapses: [...(incident.relapses ?? []), relapse],
    watch: incident.watch ? { ...incident.watch, endedAt: relapse.at } : undefined,
    times: { ...incident.times, escalatedAt: relapse.at },
  };
}
