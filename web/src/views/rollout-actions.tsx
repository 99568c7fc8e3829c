/**
 * One-click rollout actions, each behind a confirmation with a reason. Shown only to operators and
 * admins, and only those the rollout's phase allows. Sent with If-Match: the revision on screen, so
 * a command on a rollout someone else just changed comes back 412 (its If-Match revision is stale,
 * RFC 9110) or 409 (the phase no longer allows it), and the page says what they did.
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import type { AuditEntry, Release, RolloutView, Whoami } from '../api/types';
import { ago } from '../format';
import { usePoll } from '../use-poll';
import { ConfirmDialog } from './confirm-dialog';

type Verb = 'promote' | 'pause' | 'resume' | 'abort' | 'rollback' | 'flip' | 'retry';

const ALLOWED: Record<Verb, string[]> = {
  promote: ['Progressing', 'Paused'],
  pause: ['Progressing'],
  resume: ['Paused'],
  abort: ['Progressing', 'Paused'],
  rollback: ['Progressing', 'Paused', 'Guarding', 'Completed'],
  flip: ['Progressing', 'Paused', 'Guarding'],
  retry: ['Aborted', 'Blocked'],
};

interface Conflict {
  detail: string;
  lastAct?: AuditEntry | undefined;
}

export function RolloutActions({
  rollout,
  readAt,
  me,
  onDone,
}: {
  rollout: RolloutView;
  /** When this page read the rollout it shows (epoch ms). */
  readAt: number;
  me: Whoami;
  onDone(): void;
}) {
  const [open, setOpen] = useState<Verb | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState<string>('');
  const [conflict, setConflict] = useState<Conflict | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const { spec, status } = rollout;
  const releases = usePoll(
    (signal) => api<Release[]>(`/releases?model=${encodeURIComponent(spec.model)}`, { signal }),
    [spec.model],
    0,
  );

  if (me.role === 'viewer') {
    return <p class="muted">Your token ({me.name}) is a viewer: actions need an operator or admin token.</p>;
  }
  const blueGreen = spec.blueGreen !== undefined;
  const flipped = status.promotedAt !== undefined;
  const designated = status.rollbackTarget.release;
  const verbs: { verb: Verb; label: string; danger?: boolean; says: string }[] = [
    {
      verb: 'promote',
      label: 'Promote',
      says: `Skip the current step's wait and move ${spec.release} to the next step.`,
    },
    {
      verb: 'pause',
      label: 'Pause',
      says: 'Hold the rollout at its current weight until someone resumes it.',
    },
    { verb: 'resume', label: 'Resume', says: 'Carry on with the steps from where it paused.' },
    {
      verb: 'abort',
      label: 'Abort',
      danger: true,
      says: `Stop the rollout and put all traffic back on ${status.baseline}.`,
    },
    {
      verb: 'rollback',
      label: 'Roll back',
      danger: true,
      says: `Pull ${spec.release}: run the rollback plan (traffic, aliases, release mark, flags, external steps) and open an incident.`,
    },
    ...(blueGreen
      ? [
          flipped
            ? {
                verb: 'flip' as const,
                label: 'Flip back',
                danger: true,
                says: `Send everyone back to ${status.baseline} (blue).`,
              }
            : {
                verb: 'flip' as const,
                label: 'Flip to green',
                says: `Send everyone to ${spec.release} (green).`,
              },
        ]
      : []),
    { verb: 'retry', label: 'Retry', says: 'Start the rollout again from its first step.' },
  ];
  const shown = verbs.filter((v) => ALLOWED[v.verb].includes(status.phase));
  const send = (verb: Verb, reason: string, ifMatch: number | undefined) =>
    api(`/rollouts/${encodeURIComponent(rollout.name)}/${verb}`, {
      method: 'POST',
      ifMatch,
      body: { reason, ...(verb === 'rollback' && target && target !== designated ? { to: target } : {}) },
    });
  const act = async (verb: Verb, reason: string) => {
    setBusy(true);
    setFailure(undefined);
    setConflict(undefined);
    try {
      try {
        await send(verb, reason, rollout.revision);
      } catch (error) {
        if (!(error instanceof ApiError && (error.status === 412 || error.status === 409))) throw error;
        // The controller rewrites the rollout's status as it works; only a person's command since
        // this page last read it counts as someone else acting first. Otherwise send it again:
        // the server still refuses a command the rollout's phase no longer allows (409).
        const others = await actsSince(rollout.name, readAt);
        if (others.length > 0 || error.problem['currentRevision'] === undefined) {
          setConflict({
            detail: error.message,
            lastAct: others.at(-1) ?? (await actsSince(rollout.name, 0)).at(-1),
          });
          setOpen(undefined);
          return;
        }
        await send(verb, reason, undefined);
      }
      setDone(`${verb} sent`);
      setOpen(undefined);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
        setConflict({ detail: error.message, lastAct: (await actsSince(rollout.name, 0)).at(-1) });
        setOpen(undefined);
      } else {
        setFailure(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
      onDone();
    }
  };
  // Kept open when the phase moves under it: confirming then shows who acted first.
  const chosen = verbs.find((v) => v.verb === open);
  return (
    <div class="actions" role="group" aria-label="Rollout actions">
      {shown.length === 0 && <p class="muted">No action applies while the rollout is {status.phase}.</p>}
      {shown.map((v) => (
        <button
          key={v.verb}
          type="button"
          class={v.danger ? 'danger' : ''}
          onClick={() => {
            setTarget(designated ?? '');
            setDone(undefined);
            setOpen(v.verb);
          }}
        >
          {v.label}
        </button>
      ))}
      {done && (
        <p role="status" class="ok">
          {done}
        </p>
      )}
      {conflict && (
        <div role="alert" class="conflict" data-testid="conflict">
          <strong>Someone else acted first.</strong>{' '}
          {conflict.lastAct
            ? `${conflict.lastAct.actor} ran ${conflict.lastAct.action} ${ago(conflict.lastAct.at)}${conflict.lastAct.reason ? `: “${conflict.lastAct.reason}”` : ''}.`
            : ''}{' '}
          <span class="muted">{conflict.detail}</span> The view now shows the rollout as it is.
        </div>
      )}
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {chosen && (
        <ConfirmAction
          verb={chosen.verb}
          label={chosen.label}
          says={chosen.says}
          danger={chosen.danger}
          busy={busy}
          rollout={rollout}
          designated={designated}
          target={target}
          setTarget={setTarget}
          releases={releases.data ?? []}
          onConfirm={(reason) => void act(chosen.verb, reason)}
          onCancel={() => setOpen(undefined)}
        />
      )}
    </div>
  );
}

function ConfirmAction(props: {
  verb: Verb;
  label: string;
  says: string;
  danger?: boolean | undefined;
  busy: boolean;
  rollout: RolloutView;
  designated: string | null;
  target: string;
  setTarget(t: string): void;
  releases: Release[];
  onConfirm(reason: string): void;
  onCancel(): void;
}) {
  const { verb, rollout, designated, target, setTarget, releases } = props;
  const choices = releases.filter((r) => r.name !== rollout.spec.release && !r.archived);
  return (
    <ConfirmDialog
      title={`${props.label} ${rollout.name}?`}
      confirmLabel={props.label}
      danger={props.danger}
      busy={props.busy}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{props.says}</p>
      {verb === 'rollback' && (
        <>
          <label for="rollback-target">Roll back to</label>
          <select id="rollback-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {designated && (
              <option value={designated}>
                {designated} (designated: {rollout.status.rollbackTarget.reason})
              </option>
            )}
            {choices
              .filter((r) => r.name !== designated)
              .map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name}
                  {r.healthyBaseline ? ' (healthy baseline)' : ''}
                </option>
              ))}
          </select>
          {designated && <p class="muted">{rollout.status.rollbackTarget.explanation}</p>}
        </>
      )}
    </ConfirmDialog>
  );
}

/** People's commands on the rollout since an instant, oldest first (the audit trail). */
async function actsSince(name: string, since: number): Promise<AuditEntry[]> {
  try {
    const query = `target=${encodeURIComponent(`rollout/${name}`)}&since=${encodeURIComponent(new Date(Math.max(0, since - 1000)).toISOString())}`;
    const entries = await api<AuditEntry[]>(`/audit?${query}`);
    return [...entries].sort((a, b) => a.seq - b.seq);
  } catch {
    return [];
  }
}
