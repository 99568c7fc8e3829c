/**
 * `runbook lint`: the steps of the model's runbook that are missing or stale. A runbook is only
 * as good as what it points at: a trigger nobody is alerted on, a rollback target that is cold,
 * an executor (or notifier) whose credential is not set, nobody to page, nothing to verify.
 */
import type { AlertRulesFacts } from '../alert-rules-file.js';
import { triggersWithoutAlert } from '../alert-rules-file.js';
import type { ModelFacts } from '../model-facts.js';

export interface RunbookProblem {
  step: string;
  problem: string;
  fix: string;
}

export function lintRunbook(facts: ModelFacts, rules?: AlertRulesFacts): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const name = facts.model.name;
  if (!facts.model.owner)
    problems.push({ step: 'owner', problem: 'no owner', fix: `set spec.owner on model ${name}` });
  if (!facts.production)
    problems.push({
      step: 'current production',
      problem: 'no production release',
      fix: `\`ripcord alias set ${name} production RELEASE\``,
    });
  const target = facts.target.release;
  if (!target)
    problems.push({
      step: 'rollback target',
      problem: facts.target.explanation,
      fix: 'designate a healthy release',
    });
  else if (!facts.target.health?.ok)
    problems.push({
      step: 'rollback target',
      problem: `${target.release.name} is cold (${facts.target.health?.message ?? 'not probed'})`,
      fix: `start ${target.release.name}'s backends and keep them warm`,
    });
  if (facts.triggers.filter((t) => t.severity !== 'observe').length === 0)
    problems.push({
      step: 'triggers',
      problem: 'no trigger decides a rollback',
      fix: 'start rollouts with spec.analysis.triggers',
    });
  if (rules?.error)
    problems.push({
      step: 'alerts',
      problem: `${rules.file ?? 'rules'}: ${rules.error}`,
      fix: `\`ripcord alerts export ${name}\``,
    });
  for (const trigger of triggersWithoutAlert(facts.triggers, rules))
    problems.push({
      step: 'alerts',
      problem: `trigger "${trigger.source}" has no alert in ${rules?.file ?? 'the rules file'}`,
      fix: `regenerate with \`ripcord alerts export ${name}\` and load it into Prometheus`,
    });
  for (const credential of facts.credentials.filter((c) => !c.set))
    problems.push({
      step: credential.path.startsWith('notify') ? 'who is notified' : 'external steps',
      problem: `${credential.owner} has no credential: ${credential.variable} is not set`,
      fix: `set ${credential.variable} where \`ripcord up\` runs`,
    });
  for (const dryRun of facts.dryRuns.filter((d) => !d.ok))
    problems.push({
      step: 'external steps',
      problem: `${dryRun.executor}: ${dryRun.summary}`,
      fix: 'fix its configuration',
    });
  return problems;
}
