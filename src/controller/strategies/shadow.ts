/**
 * The shadow gate: mirror a share of traffic to the candidate (no user sees its output) and
 * block it when its outputs disagree with the baseline's, overall or in any segment. It decides as
 * soon as the evidence suffices: a segment or the whole whose agreement is below the bar beyond
 * noise blocks at once; one below it on the point estimate alone is announced at once and blocks
 * when the window closes. A shadow that cannot be judged at the close (no mirrored traffic, too
 * few compared requests) holds and says so, instead of passing unjudged.
 */
import { agreementBounds, AGREEMENT_Z } from '../../stats/agreement-bound.js';
import { normalQuantile } from '../../stats/normal.js';
import type { ShadowSummary } from '../controller-deps.js';
import { notifyAlert } from '../notify-alert.js';
import type { ReconcileContext } from '../reconcile-context.js';
import { ms } from '../rollout-spec.js';

/** Two-sided level of the early bounds across all segments (split evenly, Bonferroni). */
const EARLY_ALPHA = 0.01;

type Segment = ShadowSummary['segments'][number];

export async function shadow(ctx: ReconcileContext): Promise<void> {
  const { status, spec, now } = ctx;
  const options = spec.shadow;
  if (!options) return;
  if (status.mirrorPercent !== options.percent) {
    status.mirrorPercent = options.percent;
    ctx.note('step', `mirroring ${options.percent} % to ${spec.release}; no user sees its output`);
  }
  const summary = ctx.deps.shadowSummary?.(spec.model, spec.release);
  const elapsed = now - status.stepStartedAt >= ms(options.duration);
  const judged = (summary?.segments ?? []).filter(
    (s): s is Segment & { agreement: number } => s.compared >= options.minSamples && s.agreement !== null,
  );
  // Every segment is looked at on every tick: its early bound is widened for their number.
  const zSegment = Math.max(AGREEMENT_Z, normalQuantile(1 - EARLY_ALPHA / (2 * Math.max(1, judged.length))));
  const clearlyBad = judged.filter(
    (s) => agreementBounds(s.agreement, s.compared, zSegment).upper < options.minAgreement,
  );
  const below = judged.filter((s) => s.agreement < options.minAgreement);
  const overallJudged =
    summary !== undefined && summary.compared >= options.minSamples && summary.agreement !== null;
  const overallClear =
    overallJudged && agreementBounds(summary.agreement!, summary.compared).upper < options.minAgreement;
  const overallBelow = overallJudged && summary.agreement! < options.minAgreement;

  if (clearlyBad.length > 0 || overallClear) {
    const segments = elapsed ? below : clearlyBad;
    return block(ctx, overallClear || (elapsed && overallBelow) ? summary : undefined, segments);
  }
  if (!elapsed) {
    if (below.length > 0) {
      // Not beyond noise yet: keep collecting, but say what is drifting as soon as it shows.
      const message = `shadow drifting in ${below.map((s) => `${s.key}=${s.value}`).join(', ')}`;
      if (!status.alerts.some((a) => a.message === message)) ctx.note('alert', message);
    }
    return;
  }
  if (below.length > 0 || overallBelow) return block(ctx, overallBelow ? summary : undefined, below);
  if (!overallJudged) {
    if (status.intents.promote) {
      status.intents.promote = undefined;
      status.mirrorPercent = 0;
      status.hold = undefined;
      status.phase = 'Completed';
      ctx.note(
        'phase',
        `shadow completed by promotion without a verdict (${summary?.compared ?? 0} compared requests)`,
      );
      return;
    }
    if (!status.hold) {
      const reason =
        `holding the shadow: ${summary?.compared ?? 0} compared requests after ${options.duration} ` +
        `(need ${options.minSamples}); is traffic mirrored to ${spec.release}? It decides once there are ` +
        `enough; abort it, or promote to complete it unjudged`;
      status.hold = { since: now, reason };
      ctx.note('alert', reason);
      await notifyAlert(ctx, `shadow-hold-${status.stepStartedAt}`, 'insufficient data', reason);
    }
    return;
  }
  status.mirrorPercent = 0;
  status.hold = undefined;
  status.phase = 'Completed';
  ctx.note('phase', `shadow passed: agreement ${pct(summary.agreement)} over ${summary.compared} requests`);
}

function block(ctx: ReconcileContext, overall: ShadowSummary | undefined, segments: Segment[]): void {
  const { status, spec } = ctx;
  const details = [
    ...(overall
      ? [`overall agreement ${pct(overall.agreement)} < ${pct(spec.shadow?.minAgreement ?? null)}`]
      : []),
    ...segments.map((s) => `${s.key}=${s.value} agreement ${pct(s.agreement)} over ${s.compared} requests`),
  ];
  status.mirrorPercent = 0;
  status.hold = undefined;
  status.phase = 'Blocked';
  ctx.note('phase', `shadow failed, rollout blocked, no user exposed: ${details.join('; ')}`);
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`;
}
