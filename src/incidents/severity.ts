/** The report's severity (P1–P4): the incident's deciding trigger against the policy's rules. */
import { parseTrigger } from '../analysis/triggers/index.js';
import type { TriggerMetric } from '../analysis/triggers/types.js';
import type { Incident } from './incident.js';
import { DEFAULT_SEVERITY_RULES } from './incident-policy.js';
import type { Priority, SeverityRule } from './incident-policy.js';

export interface SeverityGrade {
  severity: Priority;
  /** Which rule decided, in words (or that none matched). */
  because: string;
}

/** The deciding trigger's metric, or undefined for a manual rollback or an unparseable trigger. */
export function triggerMetric(trigger: string): TriggerMetric | undefined {
  try {
    return parseTrigger(trigger).metric;
  } catch {
    return undefined;
  }
}

function describeRule(rule: SeverityRule): string {
  const parts = [
    rule.metrics?.length ? `metric ${rule.metrics.join('/')}` : '',
    rule.kpis?.length ? `KPI ${rule.kpis.join('/')}` : '',
    rule.words?.length ? `words ${rule.words.map((w) => `"${w}"`).join('/')}` : '',
  ].filter(Boolean);
  return parts.join(' or ');
}

export function gradeSeverity(incident: Incident): SeverityGrade {
  const rules = incident.policy?.severityRules ?? DEFAULT_SEVERITY_RULES;
  const metric = triggerMetric(incident.trigger);
  const text = `${incident.trigger} ${incident.reason}`.toLowerCase();
  for (const rule of rules) {
    const byMetric = metric !== undefined && (rule.metrics ?? []).includes(metric.kind);
    const byKpi = metric?.kind === 'kpi' && (rule.kpis ?? []).includes(metric.name);
    const byWords = (rule.words ?? []).some((w) => text.includes(w.toLowerCase()));
    if (byMetric || byKpi || byWords)
      return { severity: rule.severity, because: `rule ${rule.severity}: ${describeRule(rule)}` };
  }
  const otherwise = incident.policy?.otherwise ?? 'P3';
  return { severity: otherwise, because: `no rule matched: ${otherwise}` };
}
