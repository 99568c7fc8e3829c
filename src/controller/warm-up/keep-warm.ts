/**
 * After promotion the previous stable release is the flip-back target: for `warmUp.keepFor` it
 * gets warm-up traffic every `warmUp.interval`, its latency is measured and kept on the status
 * (`status.warmTarget`, exported as ripcord_target_warm_latency_seconds), and going cold raises
 * the `TargetCold` condition and an alert, once per cold spell.
 *
 * A check can take as long as its requests do (seconds for a slow model), so it runs beside the
 * reconcile passes, never inside one: a pass starts it when it is due and a later pass records
 * its reading. The guard's decisions on the promoted release never wait for a warm-up.
 */
import type { ControllerDeps } from '../controller-deps.js';
import type { ReconcileContext } from '../reconcile-context.js';
import { notifyAlert } from '../notify-alert.js';
import { ms } from '../rollout-spec.js';
import { checkWarm, type WarmReading } from './check-warm.js';

/** The last keep-warm reading, and since when the target has been cold (the condition). */
export interface WarmTargetStatus extends WarmReading {
  condition: 'TargetWarm' | 'TargetCold';
  coldSince?: number | undefined;
}

const DEFAULT_KEEP_FOR = '2h';

/** Checks under way per controller (its deps), by rollout; `reading` is set when one ends. */
const running = new WeakMap<ControllerDeps, Map<string, { reading?: WarmReading; startedAt: number }>>();

export async function keepTargetWarm(ctx: ReconcileContext): Promise<void> {
  const { status, spec, deps, now } = ctx;
  const options = spec.warmUp;
  if (!options || !deps.warmUp || status.promotedAt === undefined) return;
  let checks = running.get(deps);
  if (!checks) running.set(deps, (checks = new Map()));
  const check = checks.get(ctx.name);
  if (check?.reading) {
    checks.delete(ctx.name);
    await record(ctx, check.reading);
    return;
  }
  if (check || status.phase !== 'Guarding') return;
  const keepFor = ms(options.keepFor ?? spec.blueGreen?.keepWarm ?? DEFAULT_KEEP_FOR);
  if (now - status.promotedAt > keepFor) return;
  const last = status.warmTarget;
  if (last !== undefined && last.release === status.baseline && now - last.at < ms(options.interval)) return;
  const started: { reading?: WarmReading; startedAt: number } = { startedAt: now };
  checks.set(ctx.name, started);
  const baseline = status.baseline;
  void (async () => {
    const target = await deps.registry.getRelease(baseline);
    return checkWarm(deps, target, { ...spec, warmUp: options }, now);
  })().then(
    (reading) => (started.reading = reading),
    (error: unknown) => (started.reading = notChecked(baseline, now, error)),
  );
}

function notChecked(release: string, at: number, error: unknown): WarmReading {
  return {
    release,
    at,
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

async function record(ctx: ReconcileContext, reading: WarmReading): Promise<void> {
  const { status } = ctx;
  const last = status.warmTarget;
  const wasCold = last?.condition === 'TargetCold' && last.release === reading.release;
  status.warmTarget = {
    ...reading,
    condition: reading.warm ? 'TargetWarm' : 'TargetCold',
    coldSince: reading.warm ? undefined : wasCold ? last.coldSince : reading.at,
  };
  ctx.dirty = true;
  if (!reading.warm && !wasCold) {
    const message = `flip-back target ${reading.release} went cold: ${reading.message}`;
    ctx.note('alert', message);
    await notifyAlert(ctx, `target-cold/${reading.at}`, 'warm-up', message);
  } else if (reading.warm && last?.condition === 'TargetCold') {
    ctx.note('step', `flip-back target ${reading.release} is warm again: ${reading.message}`);
  }
}
