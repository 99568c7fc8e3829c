/**
 * The confirmation every action asks for: what will happen, and the reason (required: it goes into
 * the audit trail with the token's name). A native <dialog> keeps focus inside and Escape cancels.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ConfirmProps {
  title: string;
  /** What pressing confirm will do, in words. */
  children?: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  onConfirm(reason: string): void;
  onCancel(): void;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: ConfirmProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="confirm-title"
      onCancel={onCancel}
      data-testid="confirm"
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim()) onConfirm(reason.trim());
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        <div class="confirm-body">{children}</div>
        <label for="confirm-reason">Reason (recorded in the audit trail)</label>
        <textarea
          id="confirm-reason"
          name="reason"
          required
          rows={2}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          placeholder="e.g. p95 latency climbing on the canary; pulling it while we look"
        />
        <div class="row end">
          <button type="button" class="quiet" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class={danger ? 'danger' : 'primary'} disabled={busy || !reason.trim()}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
