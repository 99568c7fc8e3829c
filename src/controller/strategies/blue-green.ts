/**
 * Blue/green: green is warmed and probed, optionally judged on test traffic before any user
 * sees it, then flipped to in one routing change and judged against blue's pre-flip window;
 * blue stays warm (and probed) so flipping back is one routing change too.
 */
import { applyTraffic } from '../apply-traffic.js';
import { judgeRollout } from '../judge-rollout.js';
import type { JudgeCache } from '../judge-rollout.js';
import type { ReconcileContext } from '../reconcile-context.js';
import { ms } from '../rollout-spec.js';
import { actOnDecision } from './act-on-decision.js';

export async function blueGreen(ctx: ReconcileContext, judges: JudgeCache): Promise<void> {
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
      stepEnds: now - status.stepStartedAt >= ms(options.prePromotionAnalysis.duration),
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
      stepEnds: now - flippedAt >= ms(options.postPromotionAnalysis.duration),
    });
    if (await actOnDecision(ctx, decision)) return;
    if (now - flippedAt < ms(options.postPromotionAnalysis.duration)) return;
    status.phase = 'Guarding';
    status.stage = 'guard';
    status.judgeState = undefined;
    ctx.note('phase', `post-promotion analysis passed; guard watching ${spec.release}`);
  }
}

/** Blue/green keeps blue warm after the flip: probe it so flipping back is known to be safe. */
export async function checkWarmStandby(ctx: ReconcileContext): Promise<void> {
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
