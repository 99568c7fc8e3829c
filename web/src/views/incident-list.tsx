/** Incidents, newest first, with their status and MTTR. */
import { api } from '../api/client';
import type { Incident } from '../api/types';
import { ago, duration } from '../format';
import { href } from '../route';
import { usePoll } from '../use-poll';
import { ErrorLine } from './not-available';

export function IncidentList() {
  const { data, error } = usePoll((signal) => api<Incident[]>('/incidents', { signal }), [], 3000);
  const incidents = [...(data ?? [])].sort((a, b) => b.times.firstBreachAt - a.times.firstBreachAt);
  return (
    <section aria-labelledby="incidents-h">
      <h1 id="incidents-h">Incidents</h1>
      <ErrorLine error={error} />
      {data && incidents.length === 0 && <p class="muted">No incident yet.</p>}
      {incidents.length > 0 && (
        <table class="table" data-testid="incidents">
          <thead>
            <tr>
              <th scope="col">Opened</th>
              <th scope="col">Model</th>
              <th scope="col">Pulled → target</th>
              <th scope="col">Trigger</th>
              <th scope="col">Status</th>
              <th scope="col">MTTR</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={href('incidents', i.id)}>{ago(i.times.firstBreachAt)}</a>
                </td>
                <td>{i.model}</td>
                <td>
                  {i.release} → {i.target}
                </td>
                <td>{i.trigger}</td>
                <td>
                  <span class={`istatus istatus-${i.status}`}>{i.status}</span>
                </td>
                <td>
                  {duration(i.mttr.totalMs)}
                  {!i.mttr.complete && ' (running)'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
