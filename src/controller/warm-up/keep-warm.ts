/**
 * After promotion the previous stable release is the flip-back target: for `warmUp.keepFor` it
 * gets warm-up traffic every `warmUp.interval`, its latency is measured and kept on the status
 * (`status.warmTarget`, exported as ripcord_target_warm_latency_seconds), and going cold raises
 * the `TargetCold` condition and an alert, once per cold spell.
 */
import type { ReconcileContext } from '../reconcile-context.js';
import { notifyAlert } from '../notify-alert.js';
import { ms } from '../rollout-spec.js';
import { checkWarm, warmUpWorkloads, type WarmReading } from './check-warm.js';

/** The last keep-warm reading, and since when the target has been cold (the condition). */
export interface WarmTargetStatus extends WarmReading {
  condition: 'TargetWarm' | 'TargetCold';
  coldSince?: number | undefined;
}

const DEFAULT_KEEP_FOR = '2h';

export async function keepTargetWarm(ctx: ReconcileContext): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const options = spec.warmUp;
  if (!options || !deps.warmUp || status.promotedAt === undefined) return;
  if (status.phase !== 'Guarding') return;
  const keepFor = ms(options.keepFor ?? spec.blueGreen?.keepWarm ?? DEFAULT_KEEP_FOR);
  if (now - status.promotedAt > keepFor) return;
  const last = status.warmTarget;
  if (last !== undefined && last.release === status.baseline && now - last.at < ms(options.interval)) return;
  const target = await deps.registry.getRelease(status.baseline);
  let reading: WarmReading;
  try {
    reading = await checkWarm(deps, target, options, warmUpWorkloads(spec), now);
  } catch (error) {
    reading = {
      release: target.name,
      at: now,
      warm: false,
      source: { kind: 'examples', note: 'not sent' },
      sent: 0,
      failed: 0,
      p95Ms: null,
      baselineP95Ms: null,
      limitMs: null,
      replicas: [],
      message: (error as Error).message,
    };
  }
  const wasCold = last?.condition === 'TargetCold' && last.release === reading.release;
  status.warmTarget = {
    ...reading,
    condition: reading.warm ? 'TargetWarm' : 'TargetCold',
    coldSince: reading.warm ? undefined : wasCold ? last.coldSince : now,
  };
  ctx.dirty = true;
  if (!reading.warm && !wasCold) {
    const message = `flip-back target ${target.name} went cold: ${reading.message}`;
    ctx.note('alert', message);
    await notifyAlert(ctx, `target-cold/${now}`, 'warm-up', message);
  } else if (reading.warm && last?.condition === 'TargetCold') {
    ctx.note('step', `flip-back target ${target.name} is warm again: ${reading.message}`);
  }
}
