/**
 * What ripcord knows about one model's readiness to be rolled back, gathered once and read by
 * `doctor`, `runbook render` and `runbook lint`: production and the rollback target (and whether
 * the target answers its health check), the last rollout's triggers, notifiers and executors,
 * which credentials are set, what each external executor's dry run says, past incidents and drills.
 */
import type { PlannedAction } from '../actions/executors/executor.js';
import { parseTrigger } from '../analysis/triggers/index.js';
import type { Trigger } from '../analysis/triggers/index.js';
import type { ControllerDeps } from '../controller/controller-deps.js';
import type { RolloutSpec } from '../controller/rollout-spec.js';
import type { Phase as RolloutPhase } from '../controller/rollout-state.js';
import type { Incident } from '../incidents/index.js';
import type { Model, ModelVersion, Release } from '../registry/types.js';
import type { DrillRecord } from './drill/drill-record.js';

export interface ReleaseFacts {
  release: Release;
  version?: ModelVersion | undefined;
}

export interface CredentialFact {
  /** `notify[0].webhookUrlEnv` */
  path: string;
  owner: string;
  variable: string;
  set: boolean;
}

export interface DryRunFact {
  executor: string;
  ok: boolean;
  summary: string;
  planned?: PlannedAction | undefined;
}

export interface ModelFacts {
  now: number;
  model: Model;
  production?: ReleaseFacts | undefined;
  target: {
    release?: ReleaseFacts | undefined;
    explanation: string;
    health?: { ok: boolean; message: string } | undefined;
  };
  rollout?: { name: string; phase: RolloutPhase; spec: RolloutSpec } | undefined;
  triggers: Trigger[];
  credentials: CredentialFact[];
  dryRuns: DryRunFact[];
  incidents: Incident[];
  drills: DrillRecord[];
}

export interface FactSources {
  deps: Pick<ControllerDeps, 'registry' | 'rollouts' | 'incidents' | 'probe' | 'clock' | 'externalExecutors'>;
  drills(): Promise<DrillRecord[]>;
  env?: Record<string, string | undefined>;
}

export async function gatherModelFacts(sources: FactSources, name: string): Promise<ModelFacts> {
  const { deps } = sources;
  const { registry } = deps;
  const env = sources.env ?? process.env;
  const now = deps.clock.now();
  const model = await registry.getModel(name);
  const releaseFacts = async (release: string): Promise<ReleaseFacts | undefined> => {
    const found = await registry.getRelease(release).catch(() => undefined);
    if (!found) return undefined;
    const version = await registry.getVersion(found.model, found.modelVersion).catch(() => undefined);
    return { release: found, version };
  };
  const policy = await registry.getTrafficPolicy(name);
  const productionName =
    policy?.stable ?? (await registry.getAlias(name, 'production').catch(() => undefined))?.release;
  const production = productionName ? await releaseFacts(productionName) : undefined;

  const rollouts = (await deps.rollouts.list())
    .filter((r) => r.body.spec.model === name)
    .sort((a, b) => b.body.status.startedAt - a.body.status.startedAt);
  const real = rollouts.find((r) => !r.body.spec.drill);
  const rollout = real ? { name: real.id, phase: real.body.status.phase, spec: real.body.spec } : undefined;

  // The target a rollback would go to now: the one a rollout in progress decided, else the registry's search.
  const decided =
    real && real.body.status.phase !== 'RolledBack' && real.body.status.phase !== 'Aborted'
      ? real.body.status.rollbackTarget
      : undefined;
  const candidate = decided
    ? { release: decided.release, explanation: decided.explanation }
    : // Where the next rollout of this model would go back to: any candidate but production
      // gives the same answer, so a name no release has stands for it.
      await registry.rollbackCandidate(name, '(next release)');
  const targetName = candidate.release;
  const targetFacts = targetName ? await releaseFacts(targetName) : undefined;
  const health = targetFacts
    ? await deps.probe(targetFacts.release).catch((e: Error) => ({ ok: false, message: e.message }))
    : undefined;

  const triggers: Trigger[] = [];
  for (const text of [...(rollout?.spec.analysis.triggers ?? []), ...(rollout?.spec.guard.triggers ?? [])])
    if (!triggers.some((t) => t.source === text)) triggers.push(parseTrigger(text, 'trigger'));

  const credentials: CredentialFact[] = [];
  if (rollout)
    for (const [list, entries] of [
      ['webhooks', rollout.spec.webhooks.map((w) => ({ ...w, kind: 'webhook' }))],
      ['executors', rollout.spec.executors],
      ['notify', rollout.spec.notify],
    ] as const)
      entries.forEach((entry, index) => {
        for (const [field, variable] of Object.entries(entry))
          if (field.endsWith('Env') && typeof variable === 'string')
            credentials.push({
              path: `${list}[${index}].${field}`,
              owner: `${entry.kind} "${entry.name}"`,
              variable,
              set: Boolean(env[variable]),
            });
      });

  const dryRuns: DryRunFact[] = [];
  if (rollout && targetName) {
    const signal = AbortSignal.timeout(10_000);
    for (const executor of deps.externalExecutors?.(rollout.spec) ?? []) {
      try {
        const planned = await executor.plan(
          {
            eventId: 'doctor',
            model: name,
            release: rollout.spec.release,
            target: targetName,
            trigger: 'doctor',
            reason: 'dry run by ripcord doctor',
            role: 'canary',
            actor: 'ripcord-doctor',
            decidedAt: now,
          },
          signal,
        );
        dryRuns.push({ executor: executor.name, ok: true, summary: planned.summary, planned });
      } catch (error) {
        dryRuns.push({ executor: executor.name, ok: false, summary: (error as Error).message });
      }
    }
  }

  const incidents = (await deps.incidents.list()).map((d) => d.body).filter((i) => i.model === name);
  const drills = (await sources.drills()).filter((d) => d.model === name);
  return {
    now,
    model,
    production,
    target: { release: targetFacts, explanation: candidate.explanation, health },
    rollout,
    triggers,
    credentials,
    dryRuns,
    incidents,
    drills,
  };
}
