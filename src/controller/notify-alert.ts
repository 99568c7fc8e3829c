/**
 * Tells the rollout's notifiers about an alert that needs a person (a step holding for want of
 * data). The notice id is a key per occasion, so a restarted controller does not send it twice.
 */
import type { ReconcileContext } from './reconcile-context.js';
import { releaseRole } from './release-role.js';
import { sendNotice } from './send-notice.js';

export async function notifyAlert(
  ctx: ReconcileContext,
  key: string,
  trigger: string,
  message: string,
): Promise<void> {
  const { status, spec } = ctx;
  const occasion = `${ctx.name}/${key}`;
  await sendNotice(ctx, {
    id: occasion,
    kind: 'alert',
    incidentId: occasion,
    rollout: ctx.name,
    model: spec.model,
    release: spec.release,
    target: status.baseline,
    trigger,
    reason: message,
    role: releaseRole(spec, status),
    actor: 'ripcord-controller',
    decidedAt: ctx.now,
    at: ctx.now,
  });
}
