/**
 * One incident: what was pulled and why, the MTTR phases, the timeline (milestones and journaled
 * actions), the verification as it runs, the evidence, and the report downloads when served.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, authHeaders, optional } from '../api/client';
import type { Incident, TriggerReading } from '../api/types';
import { clock, duration, time } from '../format';
import { href } from '../route';
import { usePoll } from '../use-poll';
import { ErrorLine, NotAvailable } from './not-available';

const REPORT_FORMATS = [
  { format: 'html', label: 'Report (HTML)' },
  { format: 'md', label: 'Report (Markdown)' },
  { format: 'json', label: 'Report (JSON)' },
];

export function IncidentDetail({ id }: { id: string }) {
  const path = `/incidents/${encodeURIComponent(id)}`;
  const { data: incident, error } = usePoll((signal) => api<Incident>(path, { signal }), [id], 2000);
  const reports = usePoll((signal) => optional<unknown>(`${path}/report?format=json`, signal), [id], 0);
  if (!incident) return error ? <ErrorLine error={error} /> : <p class="muted">Loading…</p>;
  const t = incident.times;
  const milestones: [string, number | undefined][] = [
    ['fault onset', t.onsetAt],
    ['first breach (detected)', t.firstBreachAt],
    ['rollback decided (triaged)', t.decidedAt],
    ['traffic back on target (mitigated)', t.trafficRestoredAt],
    ['every action done (executed)', t.executedAt],
    ['recovery verified', t.verifiedAt],
    ['escalated to a person', t.escalatedAt],
  ];
  const timeline = [
    ...milestones
      .filter((m): m is [string, number] => m[1] !== undefined)
      .map(([what, at]) => ({ at, what })),
    ...incident.actions.map((a) => ({
      at: a.endedAt ?? a.startedAt,
      what: `action ${a.step + 1} ${a.name}: ${a.status}${a.outcome?.message ? ` (${a.outcome.message})` : ''}`,
    })),
  ].sort((a, b) => a.at - b.at);
  const evidence = incident.evidence as {
    decision?: { reason: string; readings: TriggerReading[] };
    verification?: { reason: string; readings: TriggerReading[] };
    candidate?: WindowSummary;
    baseline?: WindowSummary;
    samples?: unknown[];
  };
  return (
    <section aria-labelledby="incident-h" data-testid="incident">
      <p class="crumbs">
        <a href="#/incidents">Incidents</a> / {incident.id}
      </p>
      <h1 id="incident-h">
        {incident.model}: {incident.release} → {incident.target}{' '}
        <span class={`istatus istatus-${incident.status}`} data-testid="incident-status">
          {incident.status}
        </span>
      </h1>
      <p class="lede">
        {incident.severity === 'manual'
          ? 'Rolled back by hand'
          : `${incident.severity} trigger “${incident.trigger}”`}{' '}
        ({incident.role}) by {incident.actor}: {incident.reason}
        {incident.rollout && (
          <>
            {' '}
            · rollout <a href={href('rollouts', incident.rollout)}>{incident.rollout}</a>
          </>
        )}
      </p>
      {incident.status === 'verifying' && (
        <p class="banner verification-pending" role="status">
          Post-rollback verification is running: the judges are reading {incident.target}'s telemetry.
        </p>
      )}
      {incident.verification && (
        <p
          class={`banner verification-${incident.verification.recovered ? 'verified' : 'escalated'}`}
          role="status"
        >
          Verification: {incident.verification.message}
        </p>
      )}
      {incident.escalation && <p class="error">Escalated: {incident.escalation}</p>}
      <h2>MTTR</h2>
      <Phases incident={incident} />
      <h2>Timeline</h2>
      <ol class="timeline" data-testid="timeline">
        {timeline.map((e, i) => (
          <li key={i}>
            <time>{time(e.at)}</time> {e.what}
          </li>
        ))}
      </ol>
      <h2>Evidence</h2>
      {evidence.decision && (
        <Readings
          title={`At the decision: ${evidence.decision.reason}`}
          readings={evidence.decision.readings}
        />
      )}
      {evidence.verification && (
        <Readings
          title={`After the rollback: ${evidence.verification.reason}`}
          readings={evidence.verification.readings}
        />
      )}
      {(evidence.candidate || evidence.baseline) && (
        <Windows candidate={evidence.candidate} baseline={evidence.baseline} />
      )}
      {evidence.samples && evidence.samples.length > 0 && (
        <details>
          <summary>{evidence.samples.length} sampled requests (redacted)</summary>
          <pre class="json">{JSON.stringify(evidence.samples.slice(0, 20), null, 2)}</pre>
        </details>
      )}
      <h2>Report</h2>
      {reports.data === 'unavailable' ? (
        <NotAvailable what="incident reports" />
      ) : (
        <div class="row">
          {REPORT_FORMATS.map((r) => (
            <Download
              key={r.format}
              path={`${path}/report?format=${r.format}`}
              name={`${incident.id}.${r.format}`}
              label={r.label}
            />
          ))}
          <Download path={`${path}/export`} name={`${incident.id}-export.json`} label="Export" />
          <Download path={`${path}/evidence`} name={`${incident.id}-evidence.json`} label="Evidence" />
        </div>
      )}
    </section>
  );
}

interface WindowSummary {
  release: string;
  from: number;
  to: number;
  requests: number;
  errorRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  diversity: { entropy: number | null; topItemShare: number | null; distinctItems: number };
}

function Phases({ incident }: { incident: Incident }) {
  const spans = incident.mttr.phases;
  const total = spans.reduce((sum, p) => sum + (p.ms ?? 0), 0) || 1;
  return (
    <>
      <div class="phases" role="img" aria-label={spans.map((p) => `${p.phase} ${duration(p.ms)}`).join(', ')}>
        {spans
          .filter((p) => p.ms !== undefined)
          .map((p) => (
            <span
              key={p.phase}
              class={`pseg pseg-${p.phase}${p.running ? ' running' : ''}`}
              style={{ width: `${((p.ms ?? 0) / total) * 100}%` }}
            />
          ))}
      </div>
      <dl class="facts phases-legend" data-testid="mttr">
        {spans.map((p) => (
          <Fragment key={p.phase}>
            <dt>
              <span class={`dot pseg-${p.phase}`} /> {p.phase}
            </dt>
            <dd>
              {duration(p.ms)}
              {p.running && ' (running)'}
            </dd>
          </Fragment>
        ))}
        <dt>total</dt>
        <dd>{duration(incident.mttr.totalMs)}</dd>
        <dt>time to mitigate</dt>
        <dd>{duration(incident.mttr.timeToMitigateMs)}</dd>
      </dl>
    </>
  );
}

function Readings({ title, readings }: { title: string; readings: TriggerReading[] }) {
  return (
    <div class="readings">
      <h3>{title}</h3>
      <ul>
        {readings.map((r) => (
          <li key={r.trigger} class={`status-${r.status}`}>
            <strong>{r.trigger}</strong>: {r.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Windows({
  candidate,
  baseline,
}: {
  candidate?: WindowSummary | undefined;
  baseline?: WindowSummary | undefined;
}) {
  const rows: [string, (w: WindowSummary) => string][] = [
    ['window', (w) => `${time(w.from)}–${time(w.to)}`],
    ['requests', (w) => String(w.requests)],
    ['error rate', (w) => (w.errorRate === null ? '—' : `${(w.errorRate * 100).toFixed(2)} %`)],
    ['p95 latency', (w) => (w.latencyMs.p95 === null ? '—' : `${w.latencyMs.p95.toFixed(0)} ms`)],
    ['prediction diversity', (w) => (w.diversity.entropy === null ? '—' : w.diversity.entropy.toFixed(3))],
    [
      'top item share',
      (w) => (w.diversity.topItemShare === null ? '—' : `${(w.diversity.topItemShare * 100).toFixed(1)} %`),
    ],
  ];
  const windows = [candidate, baseline].filter((w): w is WindowSummary => w !== undefined);
  return (
    <table class="table">
      <caption>Telemetry frozen at the decision ({clock(windows[0]?.to)})</caption>
      <thead>
        <tr>
          <th scope="col" />
          {windows.map((w) => (
            <th scope="col" key={w.release}>
              {w === candidate ? 'pulled' : 'baseline'}: {w.release}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, cell]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {windows.map((w) => (
              <td key={w.release}>{cell(w)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A download needs the Authorization header, so it is fetched and handed over as a blob. */
function Download({ path, name, label }: { path: string; name: string; label: string }) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const fetchIt = async () => {
    setProblem(undefined);
    try {
      const response = await fetch(`/api/v1${path}`, { headers: authHeaders(), credentials: 'omit' });
      if (!response.ok)
        throw new ApiError(response.status, { status: response.status, detail: `HTTP ${response.status}` });
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 404
          ? 'not available on this control plane'
          : String(error),
      );
    }
  };
  return (
    <span>
      <button type="button" onClick={() => void fetchIt()}>
        {label}
      </button>
      {problem && <span class="muted"> {problem}</span>}
    </span>
  );
}
