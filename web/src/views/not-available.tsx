/** What an optional endpoint shows on a control plane that does not serve it yet. */
export function NotAvailable({ what }: { what: string }) {
  return <span class="muted">{what}: not available on this control plane</span>;
}

export function ErrorLine({ error }: { error: Error | undefined }) {
  return error ? (
    <p role="alert" class="error">
      {error.message}
    </p>
  ) : null;
}
