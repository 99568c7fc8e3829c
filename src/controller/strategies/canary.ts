/**
 * Canary: the candidate's share moves step by step (weights, regions, a header route, a mirror),
 * each exposed step judged on its own traffic split; timed steps advance only once judged.
 * After the last step the release is promoted to 100 % and the guard takes over.
 */
import { applyTraffic } from '../apply-traffic.js';
import { judgeRollout } from '../judge-rollout.js';
import type { JudgeCache } from '../judge-rollout.js';
import type { ReconcileContext } from '../reconcile-context.js';
import type { CanaryStep } from '../rollout-spec.js';
import { ms } from '../rollout-spec.js';
import type { CanaryStepKind, Stage } from '../rollout-state.js';
import { evidenceSince, readyToAdvance, recordJudged, startEvidence } from '../step-evidence.js';
import { actOnDecision } from './act-on-decision.js';

function advance(ctx: ReconcileContext, stage: Stage): void {
  ctx.status.stepIndex += 1;
  ctx.status.stepStartedAt = ctx.now;
  ctx.status.stage = stage;
  ctx.status.hold = undefined;
  ctx.dirty = true;
}

export async function canary(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status, spec, now } = ctx;
  const steps = spec.canary?.steps ?? [];
  if (status.weight > 0 || Object.values(status.regionWeights).some((w) => w > 0)) {
    const decision = await judgeRollout(ctx, judges, {
      stage: 'canary',
      candidate: spec.release,
      baseline: status.baseline,
      candidateShare: status.weight / 100,
      // The current traffic step only: pooling steps of different weights lets a shared incident
      // in the later one read as the candidate's.
      since: evidenceSince(status),
      stepEnds: stepTimeUp(steps[status.stepIndex], status.stepStartedAt, now),
    });
    recordJudged(ctx, decision);
    if (await actOnDecision(ctx, decision)) return;
  }
  if (status.phase === 'Paused') {
    if (status.intents.promote) {
      status.phase = 'Progressing';
      status.pausedBy = undefined;
      if (status.intents.promote === 'full') return promote(ctx);
      status.intents.promote = undefined;
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      ctx.note('step', `promoted past the pause to step ${status.stepIndex + 1}/${steps.length}`);
    }
    return;
  }
  if (status.intents.promote === 'full') return promote(ctx);
  // Apply as many immediate steps as are ready, stopping at the first wait.
  for (let guardCount = 0; guardCount < steps.length + 1; guardCount += 1) {
    const step = steps[status.stepIndex];
    if (!step) return promote(ctx);
    if ('setWeight' in step) {
      status.weight = step.setWeight;
      startEvidence(status, now);
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      ctx.note('step', `canary weight ${step.setWeight} %`);
      continue;
    }
    if ('setRegionWeight' in step) {
      status.regionWeights = {
        ...status.regionWeights,
        [step.setRegionWeight.region]: step.setRegionWeight.weight,
      };
      startEvidence(status, now);
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      ctx.note('step', `region ${step.setRegionWeight.region}: ${step.setRegionWeight.weight} %`);
      continue;
    }
    if ('setHeaderRoute' in step) {
      status.headerRoute = step.setHeaderRoute ?? undefined;
      startEvidence(status, now);
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      ctx.note(
        'step',
        step.setHeaderRoute ? `header route ${step.setHeaderRoute.header}` : 'header route removed',
      );
      continue;
    }
    if ('setMirror' in step) {
      status.mirrorPercent = step.setMirror?.percent ?? 0;
      startEvidence(status, now);
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      ctx.note('step', `mirroring ${status.mirrorPercent} %`);
      continue;
    }
    if ('pause' in step) {
      if (!step.pause.duration) {
        if (status.intents.promote === 'step') {
          status.intents.promote = undefined;
          advance(ctx, stageName(steps[status.stepIndex + 1]));
          continue;
        }
        status.phase = 'Paused';
        ctx.note('phase', 'paused until promoted (ripcord rollout promote)');
        return;
      }
      const promoted = status.intents.promote === 'step';
      if (!promoted) {
        if (now - status.stepStartedAt < ms(step.pause.duration)) return;
        // Time alone never advances a step whose triggers could not judge it.
        if (!(await readyToAdvance(ctx, where(ctx, steps.length)))) return;
      }
      status.intents.promote = undefined;
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      continue;
    }
    if ('analysis' in step) {
      const promoted = status.intents.promote === 'step';
      if (!promoted) {
        if (now - status.stepStartedAt < ms(step.analysis.duration)) return;
        if (!(await readyToAdvance(ctx, where(ctx, steps.length)))) return;
      }
      status.intents.promote = undefined;
      advance(ctx, stageName(steps[status.stepIndex + 1]));
      ctx.note('step', promoted ? 'analysis step promoted' : 'analysis passed');
      continue;
    }
  }
}

/** A timed step (a pause with a duration, an analysis) whose time is up: it may advance on this pass. */
function stepTimeUp(step: CanaryStep | undefined, startedAt: number, now: number): boolean {
  if (!step) return false;
  const duration =
    'pause' in step ? step.pause.duration : 'analysis' in step ? step.analysis.duration : undefined;
  return duration !== undefined && now - startedAt >= ms(duration);
}

function where(ctx: ReconcileContext, steps: number): string {
  return `step ${ctx.status.stepIndex + 1}/${steps} (canary ${ctx.status.weight} %)`;
}

/** The stage of a rollout on `step`: the step's kind, `promoting` after the last (a step has one key). */
function stageName(step: CanaryStep | undefined): Stage {
  if (!step) return 'promoting';
  return Object.keys(step)[0] as CanaryStepKind;
}

async function promote(ctx: ReconcileContext): Promise<void> {
  const { status, spec, deps, now } = ctx;
  status.intents.promote = undefined;
  status.weight = 100;
  status.mirrorPercent = 0;
  status.headerRoute = undefined;
  status.regionWeights = {};
  status.promotedAt = now;
  status.phase = 'Guarding';
  status.stage = 'guard';
  status.stepStartedAt = now;
  status.judgeState = undefined;
  status.firstBreachAt = undefined;
  await applyTraffic(ctx);
  await ctx.beforeEffect();
  await deps.registry.setAlias(spec.model, 'production', spec.release, {
    actor: 'ripcord-controller',
    reason: `rollout ${ctx.name} promoted`,
  });
  ctx.note('phase', `${spec.release} fully promoted; guard watching against ${status.baseline}`);
}
