/**
 * Every model at a glance: production and last-known-good, the live split, the rollout in
 * progress, time since the last incident and drill, and the doctor's verdict.
 */
import { api, optional } from '../api/client';
import type {
  AliasView,
  DoctorCheck,
  Drill,
  Incident,
  Model,
  RolloutView,
  TrafficPolicy,
} from '../api/types';
import { ago } from '../format';
import { href } from '../route';
import { usePoll } from '../use-poll';
import { ErrorLine, NotAvailable } from './not-available';
import { TrafficBar } from './traffic-bar';

const ACTIVE = ['Progressing', 'Paused', 'Guarding', 'RollingBack'];

interface ModelRow {
  model: Model;
  production?: string | undefined;
  lastKnownGood?: string | undefined;
  policy?: TrafficPolicy | undefined;
  rollout?: RolloutView | undefined;
  lastIncident?: Incident | undefined;
  drill: Drill | undefined | 'unavailable';
  doctor: DoctorCheck[] | 'unavailable' | undefined;
}

async function loadOverview(signal: AbortSignal): Promise<{ rows: ModelRow[]; recent: RolloutView[] }> {
  const [models, aliases, policies, rollouts, incidents] = await Promise.all([
    api<Model[]>('/models', { signal }),
    api<AliasView[]>('/aliases', { signal }),
    api<TrafficPolicy[]>('/traffic', { signal }),
    api<RolloutView[]>('/rollouts', { signal }),
    api<Incident[]>('/incidents', { signal }),
  ]);
  const rows = await Promise.all(
    models.map(async (model): Promise<ModelRow> => {
      const [doctor, drills] = await Promise.all([
        optional<{ checks: DoctorCheck[] } | DoctorCheck[]>(
          `/models/${encodeURIComponent(model.name)}/doctor`,
          signal,
        ).catch(() => undefined),
        optional<DrillList>(`/drills?model=${encodeURIComponent(model.name)}`, signal).catch(() => undefined),
      ]);
      const alias = (name: string) => aliases.find((a) => a.model === model.name && a.name === name)?.release;
      const own = rollouts.filter((r) => r.spec.model === model.name);
      return {
        model,
        production: alias('production'),
        lastKnownGood: alias('last-known-good'),
        policy: policies.find((p) => p.model === model.name),
        rollout: own.filter((r) => ACTIVE.includes(r.status.phase)).at(-1),
        lastIncident: incidents
          .filter((i) => i.model === model.name)
          .sort((a, b) => b.times.firstBreachAt - a.times.firstBreachAt)[0],
        drill: drills === 'unavailable' ? drills : latestDrill(drills),
        doctor:
          doctor === 'unavailable' || doctor === undefined
            ? doctor
            : Array.isArray(doctor)
              ? doctor
              : doctor.checks,
      };
    }),
  );
  return { rows, recent: rollouts.slice(-8).reverse() };
}

/** `GET /drills?model=`: the model's drill records, newest first. */
type DrillList = Drill[];

function latestDrill(drills: DrillList | undefined): Drill | undefined {
  // Newest first, but take the latest start whatever the order, so the card never shows an older drill.
  return [...(drills ?? [])].sort((a, b) => Number(b.startedAt ?? 0) - Number(a.startedAt ?? 0))[0];
}

export function Overview() {
  const { data, error } = usePoll(loadOverview, [], 3000);
  return (
    <section aria-labelledby="models-h">
      <h1 id="models-h">Models</h1>
      <ErrorLine error={error} />
      {!data && !error && <p class="muted">Loading…</p>}
      {data && data.rows.length === 0 && (
        <p class="muted">No models registered yet (`ripcord apply -f registry.yaml`).</p>
      )}
      <div class="cards">
        {data?.rows.map((row) => (
          <ModelCard key={row.model.name} row={row} />
        ))}
      </div>
      {data && data.recent.length > 0 && (
        <>
          <h2>Recent rollouts</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Rollout</th>
                <th scope="col">Model</th>
                <th scope="col">Release</th>
                <th scope="col">Phase</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {data.recent.map((r) => (
                <tr key={r.name}>
                  <td>
                    <a href={href('rollouts', r.name)}>{r.name}</a>
                  </td>
                  <td>{r.spec.model}</td>
                  <td>{r.spec.release}</td>
                  <td>
                    <span class={`phase phase-${r.status.phase}`}>{r.status.phase}</span>
                  </td>
                  <td>{r.status.weight} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ModelCard({ row }: { row: ModelRow }) {
  const { model, rollout } = row;
  return (
    <article class="card" data-testid={`model-${model.name}`} aria-labelledby={`m-${model.name}`}>
      <h2 id={`m-${model.name}`}>
        <a href={href('registry', model.name)}>{model.name}</a>
      </h2>
      <dl class="facts">
        <dt>Production</dt>
        <dd data-testid="production">{row.production ?? '—'}</dd>
        <dt>Last known good</dt>
        <dd>{row.lastKnownGood ?? '—'}</dd>
        <dt>Traffic</dt>
        <dd>
          <TrafficBar policy={row.policy} />
        </dd>
        <dt>Rollout</dt>
        <dd>
          {rollout ? (
            <a href={href('rollouts', rollout.name)}>
              {rollout.name}:{' '}
              <span class={`phase phase-${rollout.status.phase}`}>{rollout.status.phase}</span>{' '}
              {rollout.status.weight} %
            </a>
          ) : (
            <span class="muted">none in progress</span>
          )}
        </dd>
        <dt>Last incident</dt>
        <dd>
          {row.lastIncident ? (
            <a href={href('incidents', row.lastIncident.id)}>
              {ago(row.lastIncident.times.firstBreachAt)} ({row.lastIncident.status})
            </a>
          ) : (
            'none'
          )}
        </dd>
        <dt>Last drill</dt>
        <dd>
          {row.drill === 'unavailable' ? (
            <NotAvailable what="drills" />
          ) : row.drill ? (
            `${ago(row.drill.endedAt ?? row.drill.finishedAt ?? row.drill.startedAt ?? row.drill.at)} (${row.drill.outcome ?? row.drill.status ?? 'ran'})`
          ) : (
            'none'
          )}
        </dd>
        <dt>Doctor</dt>
        <dd>
          <DoctorSummary doctor={row.doctor} />
        </dd>
      </dl>
    </article>
  );
}

function DoctorSummary({ doctor }: { doctor: ModelRow['doctor'] }) {
  if (doctor === 'unavailable') return <NotAvailable what="doctor" />;
  if (!doctor) return <span class="muted">—</span>;
  const failing = doctor.filter((c) => !['ok', 'pass', 'passed'].includes(c.status.toLowerCase()));
  if (failing.length === 0) return <span class="ok">all {doctor.length} checks pass</span>;
  return (
    <details>
      <summary class="warn">
        {failing.length} of {doctor.length} checks need attention
      </summary>
      <ul>
        {failing.map((c) => (
          <li key={c.name}>
            <strong>{c.name}</strong> ({c.status}): {c.detail}
            {c.fix && <div class="muted">fix: {c.fix}</div>}
          </li>
        ))}
      </ul>
    </details>
  );
}
