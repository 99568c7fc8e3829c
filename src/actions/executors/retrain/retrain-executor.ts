/**
 * Emergency retrain: when no model version is a safe target, trigger the CI pipeline that trains
 * one from the last known-good dataset version and training config, and record its link. A CI
 * trigger is not idempotent on the CI's side, so the trigger is written to ripcord's audit trail
 * (`retrain.trigger` on `incident/ID`) the moment CI accepts it: a repeat, a plan and a verify
 * read that record, and a retried rollback never starts a second training run.
 */
import type { RetrainCi, RetrainRun } from '../../../ci/retrain-trigger.js';
import { triggerRetrain } from '../../../ci/retrain-trigger.js';
import type { ActionContext, Executor } from '../executor.js';
import type { TrainingInputs } from './known-good-training.js';

export interface RetrainRecord extends TrainingInputs {
  pipeline: RetrainRun;
}

/** Where triggers are remembered, per rollback event. */
export interface RetrainTrail {
  find(eventId: string): Promise<RetrainRecord | undefined>;
  record(context: ActionContext, record: RetrainRecord): Promise<void>;
}

export interface RetrainExecutorOptions {
  name: string;
  ci: RetrainCi;
  ref: string;
  /** Read when the step runs, so a missing token fails the step naming its variable. */
  token(): string;
  training(context: ActionContext, signal: AbortSignal): Promise<TrainingInputs>;
  trail: RetrainTrail;
  /** How long to look for a GitHub run that was not returned. */
  findRunFor?: number | undefined;
}

export function createRetrainExecutor(options: RetrainExecutorOptions): Executor {
  const name = `retrain:${options.name}`;
  const ci =
    options.ci.provider === 'gitlab'
      ? `GitLab pipeline of ${options.ci.project}`
      : `GitHub Actions workflow ${options.ci.workflow} in ${options.ci.repository}`;
  const link = (record: RetrainRecord) =>
    `${record.pipeline.label}${record.pipeline.webUrl ? ` ${record.pipeline.webUrl}` : ''}`;

  return {
    name,
    async plan(context, signal) {
      signal.throwIfAborted();
      const done = await options.trail.find(context.eventId);
      if (done) return { changes: false, summary: `${name}: already triggered, ${link(done)}` };
      const inputs = await options.training(context, signal);
      return {
        changes: true,
        summary:
          `${name}: no safe rollback target; trigger the ${ci} on ${options.ref} with dataset ` +
          `${inputs.datasetVersion} and config ${inputs.configCommit.slice(0, 12)}` +
          `${inputs.from ? ` (as trained for ${inputs.from})` : ''}; the fallback serves meanwhile`,
        detail: { ...inputs, ref: options.ref },
      };
    },
    async apply(context, signal) {
      signal.throwIfAborted();
      const done = await options.trail.find(context.eventId);
      if (done) return { changed: false, detail: { ...done } };
      const inputs = await options.training(context, signal);
      const pipeline = await triggerRetrain(
        options.ci,
        options.token(),
        {
          model: context.model,
          datasetVersion: inputs.datasetVersion,
          configCommit: inputs.configCommit,
          ref: options.ref,
          reason: `ripcord ${context.eventId}: no safe rollback target for ${context.release} (${context.reason})`,
        },
        { signal, findRunFor: options.findRunFor },
      );
      const record: RetrainRecord = { ...inputs, pipeline };
      await options.trail.record(context, record);
      return { changed: true, detail: { ...record } };
    },
    async verify(context, signal) {
      signal.throwIfAborted();
      const done = await options.trail.find(context.eventId);
      return done
        ? { ok: true, message: `retrain triggered: ${link(done)}` }
        : { ok: false, message: `${name}: no retrain recorded for ${context.eventId}` };
    },
  };
}
