/**
 * A Prometheus rules file as `ripcord alerts export` writes it (one alert per hard or soft
 * trigger, labelled with the model, its summary `ROLLOUT: TRIGGER`), read to learn which
 * triggers of a model have an alert. Triggers over whole input distributions (psi, js, ks) have
 * no Prometheus series and need none.
 */
import { parse } from 'yaml';
import type { Trigger } from '../analysis/triggers/index.js';

export interface AlertRulesFacts {
  file?: string | undefined;
  /** The alerting rules for the model: each one's `annotations.summary` (or its name). */
  alerts?: string[] | undefined;
  error?: string | undefined;
}

interface RuleShape {
  alert?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export function readAlertRules(file: string, text: string, model: string): AlertRulesFacts {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return { file, error: `not YAML: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  const groups = (document as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return { file, error: 'not a Prometheus rules file (no `groups:` list)' };
  const alerts: string[] = [];
  for (const group of groups as { rules?: unknown }[])
    for (const rule of (Array.isArray(group.rules) ? group.rules : []) as RuleShape[]) {
      if (typeof rule.alert !== 'string') continue;
      if (rule.labels?.['model'] !== undefined && rule.labels['model'] !== model) continue;
      const summary = rule.annotations?.['summary'];
      alerts.push(typeof summary === 'string' ? summary : rule.alert);
    }
  return { file, alerts };
}

const NO_SERIES = new Set(['psi', 'js', 'ks']);

/** The acting triggers no alert of the file states (none when no file was given). */
export function triggersWithoutAlert(
  triggers: readonly Trigger[],
  rules: AlertRulesFacts | undefined,
): Trigger[] {
  if (!rules?.alerts) return [];
  const alerts = rules.alerts;
  return triggers.filter(
    (t) =>
      t.severity !== 'observe' &&
      !NO_SERIES.has(t.metric.kind) &&
      !alerts.some((a) => a.endsWith(t.source) || a.endsWith(t.text)),
  );
}
