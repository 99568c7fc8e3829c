/**
 * One level-triggered, idempotent reconcile pass over one rollout: judge, then act, then write
 * the status once. Each stage returns early when it is not done, so a pass never skips ahead.
 */
import type { Decision } from '../analysis/judge.js';
import { applyTraffic } from './apply-traffic.js';
import { judgeRollout } from './judge-rollout.js';
import type { JudgeCache } from './judge-rollout.js';
import type { ReconcileContext } from './reconcile-context.js';
import { decideRollback, executeRollback } from './rollback.js';
import { shadow } from './shadow-gate.js';
import type { CanaryStep } from './rollout-spec.js';
import { ms } from './rollout-spec.js';
import type { Phase } from './rollout-state.js';
import { evidenceSince, readyToAdvance, recordJudged, startEvidence } from './step-evidence.js';
import { verifyRollback } from './verify-rollback.js';

export async function reconcileRollout(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status } = ctx;
  switch (status.phase) {
    // During and after a rollback the plan's traffic action owns the routing.
    case 'RollingBack':
      await executeRollback(ctx);
      return;
    case 'RolledBack':
      await verifyRollback(ctx, judges);
      return;
    case 'Aborted':
    case 'Blocked':
    case 'Completed':
      await applyTraffic(ctx);
      if (!status.settled) {
        status.settled = true;
        ctx.dirty = true;
      }
      return;
    case 'Guarding':
      await applyTraffic(ctx);
      await guard(ctx, judges);
      return;
    case 'Progressing':
    case 'Paused':
      if (ctx.spec.canary) await canary(ctx, judges);
      else if (ctx.spec.blueGreen) await blueGreen(ctx, judges);
      else await shadow(ctx);
      if ((status.phase as Phase) === 'RollingBack') await executeRollback(ctx);
      else await applyTraffic(ctx);
  }
}

/** Hard breach → roll back now; soft → alert and pause; else keep going. True when it stopped the flow. */
async function act(ctx: ReconcileContext, decision: Decision): Promise<boolean> {
  if (decision.verdict === 'ROLLBACK_IMMEDIATELY') {
    await decideRollback(ctx, {
      trigger: decision.trigger ?? 'analysis',
      reason: decision.reason,
      actor: 'ripcord-controller',
    });
    return true;
  }
  if (decision.verdict === 'INVESTIGATE_FIRST' && ctx.status.phase !== 'Paused') {
    ctx.status.phase = 'Paused';
    ctx.note('alert', `paused for investigation: ${decision.reason}`);
    return true;
  }
  return false;
}

function advance(ctx: ReconcileContext, stage: string): void {
  ctx.status.stepIndex += 1;
  ctx.status.stepStartedAt = ctx.now;
  ctx.status.stage = stage;
  ctx.status.hold = undefined;
  ctx.dirty = true;
}

async function canary(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
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
    });
    recordJudged(ctx, decision);
    if (await act(ctx, decision)) return;
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

function where(ctx: ReconcileContext, steps: number): string {
  return `step ${ctx.status.stepIndex + 1}/${steps} (canary ${ctx.status.weight} %)`;
}

function stageName(step: CanaryStep | undefined): string {
  if (!step) return 'promoting';
  return Object.keys(step)[0] ?? 'step';
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

async function guard(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status, spec, now } = ctx;
  const promotedAt = status.promotedAt ?? now;
  const fast = now - promotedAt < ms(spec.guard.fastFor);
  if (!fast && status.lastGuardAt !== undefined && now - status.lastGuardAt < ms(spec.guard.interval)) return;
  status.lastGuardAt = now;
  await checkWarmStandby(ctx);
  const decision = await judgeRollout(ctx, judges, {
    stage: 'guard',
    candidate: spec.release,
    baseline: status.baseline,
    candidateShare: 1,
    since: promotedAt,
    baselineSpan: { from: promotedAt - ms(spec.guard.baselineWindow), to: promotedAt },
    triggers: spec.guard.triggers,
  });
  if (decision.verdict === 'ROLLBACK_IMMEDIATELY') {
    await decideRollback(ctx, {
      trigger: decision.trigger ?? 'guard',
      reason: decision.reason,
      actor: 'ripcord-controller',
    });
    await executeRollback(ctx);
  } else if (decision.verdict === 'INVESTIGATE_FIRST') {
    const last = status.alerts.at(-1);
    if (last?.message !== decision.reason) ctx.note('alert', `guard: ${decision.reason}`);
  }
}

async function blueGreen(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const options = spec.blueGreen;
  if (!options) return;
  if (status.stage === 'prewarm') {
    const green = await deps.registry.getRelease(spec.release);
    for (let i = 0; i < Math.max(1, options.warmupRequests); i += 1) {
      const health = await deps.probe(green);
      if (!health.ok) {
        if (status.message !== `green not healthy: ${health.message}`)
          ctx.note('alert', `green not healthy: ${health.message}`);
        return;
      }
    }
    status.stage = options.prePromotionAnalysis ? 'pre-promotion-analysis' : 'awaiting-flip';
    status.stepStartedAt = now;
    ctx.note('step', `green ${spec.release} warm and healthy`);
  }
  if (status.stage === 'pre-promotion-analysis' && options.prePromotionAnalysis) {
    const decision = await judgeRollout(ctx, judges, {
      stage: 'pre-promotion',
      candidate: spec.release,
      baseline: status.baseline,
      candidateShare: 0,
      since: status.stepStartedAt,
    });
    if (decision.verdict !== 'MONITOR') {
      status.phase = 'Blocked';
      ctx.note('phase', `pre-promotion analysis failed on test traffic, no user exposed: ${decision.reason}`);
      return;
    }
    if (now - status.stepStartedAt < ms(options.prePromotionAnalysis.duration)) return;
    status.stage = 'awaiting-flip';
    status.stepStartedAt = now;
    ctx.dirty = true;
  }
  if (status.stage === 'awaiting-flip') {
    if (!options.autoPromote && !status.intents.promote) {
      if (status.phase !== 'Paused') {
        status.phase = 'Paused';
        ctx.note('phase', 'green ready; flip with `ripcord rollout flip` (or promote)');
      }
      return;
    }
    status.intents.promote = undefined;
    status.phase = 'Progressing';
    status.promotedAt = now;
    status.stage = 'post-promotion-analysis';
    status.stepStartedAt = now;
    status.weight = 100;
    status.judgeState = undefined;
    await applyTraffic(ctx);
    await ctx.beforeEffect();
    await deps.registry.setAlias(spec.model, 'production', spec.release, {
      actor: 'ripcord-controller',
      reason: `rollout ${ctx.name}: blue/green flip`,
    });
    ctx.note('step', `flipped: ${spec.release} live, ${status.baseline} kept warm for ${options.keepWarm}`);
    return;
  }
  if (status.stage === 'post-promotion-analysis') {
    const flippedAt = status.promotedAt ?? now;
    const decision = await judgeRollout(ctx, judges, {
      stage: 'post-promotion',
      candidate: spec.release,
      baseline: status.baseline,
      candidateShare: 1,
      since: flippedAt,
      baselineSpan: { from: flippedAt - ms(spec.guard.baselineWindow), to: flippedAt },
    });
    if (await act(ctx, decision)) return;
    if (now - flippedAt < ms(options.postPromotionAnalysis.duration)) return;
    status.phase = 'Guarding';
    status.stage = 'guard';
    status.judgeState = undefined;
    ctx.note('phase', `post-promotion analysis passed; guard watching ${spec.release}`);
  }
}

/** Blue/green keeps blue warm after the flip: probe it so flipping back is known to be safe. */
async function checkWarmStandby(ctx: ReconcileContext): Promise<void> {
  const { status, spec, deps, now } = ctx;
  if (!spec.blueGreen || status.promotedAt === undefined) return;
  if (now - status.promotedAt > ms(spec.blueGreen.keepWarm)) return;
  if (status.lastWarmCheckAt !== undefined && now - status.lastWarmCheckAt < 10_000) return;
  status.lastWarmCheckAt = now;
  const blue = await deps.registry.getRelease(status.baseline);
  const health = await deps.probe(blue);
  if (!health.ok)
    ctx.note('alert', `blue ${blue.name} (the flip-back target) is not healthy: ${health.message}`);
}
