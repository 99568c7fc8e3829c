/**
 * `ripcord doctor [MODEL]`: the rollback self-checks of one model (or every model), a pass,
 * warn or fail line each with its fix. Exit 1 when any check fails, for CI. `--alert-rules FILE`
 * checks the Prometheus rules file the control plane does not hold.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { PreconditionError } from '../../core/errors.js';
import { parseTrigger } from '../../analysis/triggers/index.js';
import { alertRulesCheck, runbookCheck } from '../../operations/doctor/doctor-checks.js';
import type { DoctorCheck } from '../../operations/doctor/doctor-checks.js';
import { readAlertRules, triggersWithoutAlert } from '../../operations/alert-rules-file.js';
import type { AlertRulesFacts } from '../../operations/alert-rules-file.js';
import type { CliContext } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';

export interface DoctorView {
  model: string;
  checkedAt: string;
  ok: boolean;
  checks: DoctorCheck[];
  triggers: string[];
}

/** Thrown when a check fails: the report is printed first, the exit code is 1. */
export class DoctorFailedError extends PreconditionError {}

export function readRulesFile(file: string | undefined, model: string): AlertRulesFacts | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, error: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return readAlertRules(file, text, model);
}

/** Replaces the checks only a client holding the rules file can make. */
export function withAlertRules(view: DoctorView, rules: AlertRulesFacts | undefined): DoctorView {
  if (!rules) return view;
  const triggers = view.triggers.map((t) => parseTrigger(t, 'trigger'));
  const uncovered = triggersWithoutAlert(triggers, rules);
  const facts = { model: { name: view.model, owner: 'x' } } as Parameters<typeof alertRulesCheck>[1];
  const checks = view.checks.map((check) => {
    if (check.name === 'alert rules in place') {
      const base = alertRulesCheck(rules, facts);
      return base.status === 'pass' && uncovered.length > 0
        ? {
            ...base,
            status: 'fail' as const,
            detail: `no alert for ${uncovered.map((t) => `"${t.source}"`).join(', ')} in ${rules.file}`,
          }
        : base;
    }
    if (check.name === 'a runbook' && uncovered.length > 0) {
      const earlier = check.status === 'fail' ? [check.detail.replace(/^the runbook is stale: /, '')] : [];
      return runbookCheck({ model: { name: view.model, owner: 'x' } } as Parameters<typeof runbookCheck>[0], [
        ...earlier,
        ...uncovered.map((t) => `alerts: trigger "${t.source}" has no alert`),
      ]);
    }
    return check;
  });
  return { ...view, checks, ok: checks.every((c) => c.status !== 'fail') };
}

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function formatDoctor(view: DoctorView): string {
  const lines = [`doctor ${view.model}: ${view.ok ? 'ready' : 'NOT ready'} (${view.checkedAt})`];
  for (const check of view.checks) {
    lines.push(`  ${MARK[check.status]}  ${check.name}: ${check.detail}`);
    if (check.fix) lines.push(`        fix: ${check.fix}`);
  }
  return `${lines.join('\n')}\n`;
}

export function doctorCommand(context: CliContext): Command {
  return new Command('doctor')
    .description('check a model is ready to be rolled back (every model without MODEL); exit 1 on a failure')
    .argument('[model]', 'the model to check; default every model')
    .option(
      '--alert-rules <file>',
      'the Prometheus rules file to check the triggers against (`ripcord alerts export`)',
    )
    .addOption(outputOption())
    .action(async (model: string | undefined, options: { alertRules?: string }, command: Command) => {
      const client = context.client(command);
      const format = context.format(command);
      const models = model ? [model] : (await client.get<{ name: string }[]>('/models')).map((m) => m.name);
      const views: DoctorView[] = [];
      for (const name of models) {
        const view = await client.get<DoctorView>(`/models/${encodeURIComponent(name)}/doctor`);
        views.push(withAlertRules(view, readRulesFile(options.alertRules, name)));
      }
      context.io.stdout(
        isHumanFormat(format)
          ? views.map(formatDoctor).join('\n')
          : render(model ? views[0] : views, format, []),
      );
      const failed = views.filter((v) => !v.ok);
      if (failed.length > 0)
        throw new DoctorFailedError(
          `${failed.map((v) => v.model).join(', ')}: ${failed.flatMap((v) => v.checks.filter((c) => c.status === 'fail')).length} checks failed`,
        );
    });
}
