/** The audit trail, newest first: who did what to which target, and why. */
import { api } from '../api/client';
import type { AuditEntry } from '../api/types';
import { clock } from '../format';
import { usePoll } from '../use-poll';
import { ErrorLine } from './not-available';

export function AuditView() {
  const { data, error } = usePoll((signal) => api<AuditEntry[]>('/audit?limit=10000', { signal }), [], 3000);
  const entries = [...(data ?? [])].sort((a, b) => b.seq - a.seq).slice(0, 300);
  return (
    <section aria-labelledby="audit-h">
      <h1 id="audit-h">Audit trail</h1>
      <ErrorLine error={error} />
      <table class="table" data-testid="audit">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{clock(e.at)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.target}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
