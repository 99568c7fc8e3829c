/**
 * The rollback plan: an ordered list of idempotent actions. Traffic moves first (users stop
 * seeing the bad release), then registry aliases and the release mark (the record of truth),
 * then the flags of encoder/feature versions only the bad release used (model and features
 * roll back together because releases are bundles), then external systems.
 */
import { ValidationError } from '../core/errors.js';
import type { Registry } from '../registry/registry.js';
import { createAliasExecutor } from './executors/alias/alias-executor.js';
import { actionId, type ActionContext, type Executor } from './executors/executor.js';
import { createFlagExecutor, flagsToDisable } from './executors/flag/flag-executor.js';
import { createMarkReleaseExecutor } from './executors/mark-release/mark-release-executor.js';
import { createTrafficExecutor, type TrafficExecutorOptions } from './executors/traffic/traffic-executor.js';

export const STEP_KINDS = ['traffic', 'alias', 'mark', 'flag', 'external'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface PlanStep {
  /** `${eventId}/${executor.name}`: the journal key that makes the step exactly-once. */
  actionId: string;
  kind: StepKind;
  executor: Executor;
  /**
   * stop: a failure ends the plan (later steps assume it held); continue: the rest still runs.
   * Traffic stops the plan: disabling the bad release's encoder while users still reach it
   * would turn a degradation into an outage.
   */
  onFailure: 'stop' | 'continue';
}

export interface RollbackPlan {
  context: Readonly<ActionContext>;
  steps: readonly PlanStep[];
}

export interface BuildPlanOptions {
  /** Aliases moved to the target. @default ["production"] */
  aliases?: readonly string[];
  /** Run after the built-in steps, in order (webhooks, Kubernetes, ...). */
  external?: readonly Executor[];
  traffic?: TrafficExecutorOptions;
}

/**
 * Builds the plan for one rollback. Deterministic for a given context and release bundles
 * (which are immutable), so a restarted controller rebuilds the same action ids and resumes.
 */
export async function buildRollbackPlan(
  registry: Registry,
  context: ActionContext,
  options: BuildPlanOptions = {},
): Promise<RollbackPlan> {
  if (context.release === context.target)
    throw new ValidationError(
      'target',
      `target: the rollback target must differ from the pulled release "${context.release}"; pick the last-known-good release`,
    );
  const [pulled, target] = await Promise.all([
    registry.getRelease(context.release),
    registry.getRelease(context.target),
  ]);
  for (const release of [pulled, target])
    if (release.model !== context.model)
      throw new ValidationError(
        'release',
        `release: "${release.name}" serves model "${release.model}", not "${context.model}"`,
      );

  const executors: { kind: StepKind; executor: Executor; onFailure: PlanStep['onFailure'] }[] = [
    { kind: 'traffic', executor: createTrafficExecutor(registry, options.traffic), onFailure: 'stop' },
    ...(options.aliases ?? ['production']).map((alias) => ({
      kind: 'alias' as const,
      executor: createAliasExecutor(registry, alias),
      onFailure: 'continue' as const,
    })),
    { kind: 'mark', executor: createMarkReleaseExecutor(registry), onFailure: 'continue' },
    ...flagsToDisable(pulled.features, target.features).map((key) => ({
      kind: 'flag' as const,
      executor: createFlagExecutor(registry, key),
      onFailure: 'continue' as const,
    })),
    ...(options.external ?? []).map((executor) => ({
      kind: 'external' as const,
      executor,
      onFailure: 'continue' as const,
    })),
  ];
  const names = new Set<string>();
  for (const { executor } of executors) {
    if (names.has(executor.name))
      throw new ValidationError(
        'external',
        `external: executor name "${executor.name}" is used twice; names key the journal and must be unique`,
      );
    names.add(executor.name);
  }
  return Object.freeze({
    context: Object.freeze({ ...context }),
    steps: Object.freeze(
      executors.map((s) => ({ ...s, actionId: actionId(context.eventId, s.executor.name) })),
    ),
  });
}
