/**
 * The self-checks a rollback procedure should pass before it is needed, each a pass, warn or
 * fail line with the fix: the target designated and warm, releases version-paired, triggers for
 * latency, errors, a KPI and data quality, alert rules, evidence of past incidents, a runbook, a
 * recent drill, credentials, and each external executor's dry run. Pure over ModelFacts.
 */
import type { TriggerMetric } from '../../analysis/triggers/index.js';
import type { ModelFacts, ReleaseFacts } from '../model-facts.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do when it is not a pass; empty on a pass. */
  fix: string;
}

export interface DoctorReport {
  model: string;
  checkedAt: string;
  ok: boolean;
  checks: DoctorCheck[];
}

export const DRILL_MAX_AGE_DAYS = 90;
const DAY = 86_400_000;

const pass = (name: string, detail: string): DoctorCheck => ({ name, status: 'pass', detail, fix: '' });
const fail = (name: string, detail: string, fix: string): DoctorCheck => ({
  name,
  status: 'fail',
  detail,
  fix,
});
const warn = (name: string, detail: string, fix: string): DoctorCheck => ({
  name,
  status: 'warn',
  detail,
  fix,
});

export function targetCheck(facts: ModelFacts): DoctorCheck {
  const name = 'rollback target designated and warm';
  const { release, health, explanation } = facts.target;
  if (!release)
    return fail(
      name,
      `no rollback target: ${explanation}`,
      `mark a release healthy (\`ripcord alias set ${facts.model.name} last-known-good RELEASE\`) or name one with spec.rollbackTo`,
    );
  if (!health?.ok)
    return fail(
      name,
      `${release.release.name} is cold: ${health?.message ?? 'not probed'}`,
      `start ${release.release.name}'s backends (${release.release.serving.backends.map((b) => b.url).join(', ')}) and keep them running`,
    );
  return pass(name, `${release.release.name} answers its health check (${explanation})`);
}

/** A release bundles a model version with the features it was trained on: they must agree. */
function pairing(facts: ReleaseFacts): string | undefined {
  const { release, version } = facts;
  if (!version) return `${release.name}: model version ${release.modelVersion} is not in the registry`;
  const key = (f: { name: string; version: string }) => `${f.name}@${f.version}`;
  const bundled = new Set(release.features.map(key));
  const missing = version.compatibleFeatures.map(key).filter((f) => !bundled.has(f));
  if (missing.length > 0)
    return `${release.name} bundles model v${version.version} without ${missing.join(', ')} it was built for`;
  return undefined;
}

export function pairingCheck(facts: ModelFacts): DoctorCheck {
  const name = 'model, features and config version-paired';
  const releases = [facts.production, facts.target.release].filter((r): r is ReleaseFacts => r !== undefined);
  if (releases.length === 0)
    return fail(
      name,
      'no production release',
      `set one: \`ripcord alias set ${facts.model.name} production RELEASE\``,
    );
  const problems = releases.map(pairing).filter((p): p is string => p !== undefined);
  if (problems.length > 0)
    return fail(
      name,
      problems.join('; '),
      'register a release bundling the model version with its compatible features',
    );
  return pass(
    name,
    releases
      .map(
        (r) =>
          `${r.release.name} = model v${r.release.modelVersion} + ${r.release.features.map((f) => `${f.name}@${f.version}`).join(', ') || 'no features'} + serving config`,
      )
      .join('; '),
  );
}

const COVERAGE: [label: string, kinds: TriggerMetric['kind'][], example: string][] = [
  ['latency', ['latency'], 'hard: p95 latency up > 20%'],
  ['errors', ['error-rate'], 'hard: error rate up > 100%'],
  ['a KPI', ['kpi'], 'hard: kpi conversion down > 1% with significance'],
  [
    'data quality',
    ['null-rate', 'schema-mismatch', 'psi', 'js', 'ks', 'diversity'],
    'soft: input null rate > 1%',
  ],
];

export function triggerCheck(facts: ModelFacts): DoctorCheck {
  const name = 'triggers for latency, errors, a KPI and data quality';
  if (!facts.rollout)
    return fail(
      name,
      'no rollout of this model states triggers',
      'start rollouts with spec.analysis.triggers (see docs/triggers.md)',
    );
  const acting = facts.triggers.filter((t) => t.severity !== 'observe');
  const missing = COVERAGE.filter(([, kinds]) => !acting.some((t) => kinds.includes(t.metric.kind)));
  if (missing.length > 0)
    return fail(
      name,
      `rollout ${facts.rollout.name} has no trigger for ${missing.map(([label]) => label).join(', ')}`,
      `add to spec.analysis.triggers, e.g. ${missing.map(([, , example]) => `"${example}"`).join(', ')}`,
    );
  return pass(name, `${acting.length} triggers in rollout ${facts.rollout.name} cover all four`);
}

/** Alert rules are a file the control plane does not hold: the CLI checks it (`--alert-rules`). */
export function alertRulesCheck(
  rules: { file?: string | undefined; alerts?: string[] | undefined; error?: string | undefined } | undefined,
  facts: ModelFacts,
): DoctorCheck {
  const name = 'alert rules in place';
  const fix = `write them with \`ripcord alerts export ${facts.model.name} > alerts/${facts.model.name}.rules.yml\`, load them into Prometheus, and pass --alert-rules FILE`;
  if (!rules?.file) return warn(name, 'no alert rules file given, so not checked', fix);
  if (rules.error) return fail(name, `${rules.file}: ${rules.error}`, fix);
  const alerts = rules.alerts ?? [];
  if (alerts.length === 0)
    return fail(name, `${rules.file} has no alerting rule for ${facts.model.name}`, fix);
  return pass(name, `${rules.file}: ${alerts.length} alerting rules for ${facts.model.name}`);
}

export function evidenceCheck(facts: ModelFacts): DoctorCheck {
  const name = 'evidence archived for past incidents';
  if (facts.incidents.length === 0) return pass(name, 'no incidents yet');
  const bare = facts.incidents.filter(
    (i) => i.evidence.samples.length === 0 && i.evidence.decision === undefined,
  );
  if (bare.length > 0)
    return fail(
      name,
      `${bare.length} of ${facts.incidents.length} incidents hold no evidence (${bare.map((i) => i.id).join(', ')})`,
      'export what is left with `ripcord incident export ID` and keep request sampling on in the gateway',
    );
  return pass(name, `${facts.incidents.length} incidents, each with its evidence`);
}

export function runbookCheck(facts: ModelFacts, lintProblems: readonly string[]): DoctorCheck {
  const name = 'a runbook';
  if (!facts.model.owner)
    return fail(name, 'the model has no owner to page', `set spec.owner on model ${facts.model.name}`);
  if (lintProblems.length > 0)
    return fail(
      name,
      `the runbook is stale: ${lintProblems.join('; ')}`,
      `run \`ripcord runbook lint ${facts.model.name}\` and fix each step`,
    );
  return pass(name, `renders with every step (\`ripcord runbook render ${facts.model.name}\`)`);
}

export function drillCheck(facts: ModelFacts): DoctorCheck {
  const name = `a drill in the last ${DRILL_MAX_AGE_DAYS} days`;
  const fix = `run one: \`ripcord drill ${facts.model.name} --fault latency\``;
  const done = facts.drills.filter((d) => d.outcome !== 'running').sort((a, b) => b.startedAt - a.startedAt);
  const last = done[0];
  if (!last) return fail(name, 'never drilled', fix);
  const days = Math.floor((facts.now - last.startedAt) / DAY);
  if (days > DRILL_MAX_AGE_DAYS) return fail(name, `last drill ${days} days ago (${last.id})`, fix);
  if (last.outcome !== 'recovered')
    return fail(
      name,
      `last drill ${last.id} ${last.outcome}: ${last.message}`,
      `find why, fix it and drill again: ${fix.split(': ')[1]}`,
    );
  const total = last.mttr?.totalMs;
  return pass(
    name,
    `${last.id} (${last.fault}) ${days === 0 ? 'today' : `${days} days ago`}, recovered${total === undefined ? '' : ` in ${(total / 1000).toFixed(1)} s`}`,
  );
}

export function credentialsCheck(facts: ModelFacts): DoctorCheck {
  const name = 'notifier and executor credentials set';
  if (facts.credentials.length === 0)
    return facts.rollout && facts.rollout.spec.notify.length + facts.rollout.spec.webhooks.length > 0
      ? pass(name, 'no credential referenced')
      : warn(
          name,
          'nobody is notified of an incident',
          'list who to tell in spec.notify (Slack, PagerDuty, Teams, a webhook)',
        );
  const missing = facts.credentials.filter((c) => !c.set);
  if (missing.length > 0)
    return fail(
      name,
      missing.map((c) => `${c.path} (${c.owner}): ${c.variable} is not set`).join('; '),
      `set ${missing.map((c) => c.variable).join(', ')} in the environment of \`ripcord up\``,
    );
  return pass(name, `${facts.credentials.length} referenced, all set`);
}

export function dryRunCheck(facts: ModelFacts): DoctorCheck {
  const name = "executors' dry run passing";
  if (facts.dryRuns.length === 0) return pass(name, 'no external executor (traffic, aliases and flags only)');
  const failed = facts.dryRuns.filter((d) => !d.ok);
  if (failed.length > 0)
    return fail(
      name,
      failed.map((d) => `${d.executor}: ${d.summary}`).join('; '),
      'fix the executor configuration or its credentials; `ripcord rollout rollback NAME --dry-run` shows each step',
    );
  return pass(name, facts.dryRuns.map((d) => `${d.executor}: ${d.summary}`).join('; '));
}

export function doctorReport(
  facts: ModelFacts,
  options: { runbookProblems: readonly string[]; alertRules?: Parameters<typeof alertRulesCheck>[0] },
): DoctorReport {
  const checks = [
    targetCheck(facts),
    pairingCheck(facts),
    triggerCheck(facts),
    alertRulesCheck(options.alertRules, facts),
    evidenceCheck(facts),
    runbookCheck(facts, options.runbookProblems),
    drillCheck(facts),
    credentialsCheck(facts),
    dryRunCheck(facts),
  ];
  return {
    model: facts.model.name,
    checkedAt: new Date(facts.now).toISOString(),
    ok: checks.every((c) => c.status !== 'fail'),
    checks,
  };
}
