/**
 * A rollout as it happens: the steps and the current one, the weight over time, each trigger's
 * chart and reading, the event log, and the actions. Live over the rollout's event stream; the
 * rollout is re-read after each event so the page always shows the stored state.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { openEventStream } from '../api/events';
import type { RolloutEvent, RolloutView, StoredDecision, Whoami } from '../api/types';
import { TimeChart } from '../charts/time-chart';
import { ago, time } from '../format';
import { href } from '../route';
import { RolloutActions } from './rollout-actions';
import { RolloutHistory, servedWeight } from './rollout-history';
import { RolloutSteps } from './rollout-steps';
import { TriggerChart } from './trigger-chart';

export function RolloutLive({ name, me }: { name: string; me: Whoami }) {
  const [rollout, setRollout] = useState<RolloutView | undefined>(undefined);
  const [readAt, setReadAt] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const [events, setEvents] = useState<RolloutEvent[]>([]);
  const [stream, setStream] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const [version, setVersion] = useState(0);
  const history = useRef(new RolloutHistory());
  const refresh = useRef<() => void>(() => undefined);

  useEffect(() => {
    history.current = new RolloutHistory();
    setRollout(undefined);
    setEvents([]);
    let closed = false;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const current = await api<RolloutView>(`/rollouts/${encodeURIComponent(name)}`);
        if (closed) return;
        history.current.addRollout(current, Date.now());
        setRollout(current);
        setReadAt(Date.now());
        setVersion((v) => v + 1);
        setError(undefined);
      } catch (e) {
        if (!closed) setError(e instanceof Error ? e.message : String(e));
      }
    };
    // Bursts of events (a step, its decision, its action) collapse into one read.
    refresh.current = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void read(), 150);
    };
    void api<StoredDecision[]>(`/rollouts/${encodeURIComponent(name)}/decisions?limit=1000`)
      .then((stored) => {
        history.current.addStored(stored);
        setVersion((v) => v + 1);
      })
      .catch(() => undefined);
    void read();
    const close = openEventStream(
      `/rollouts/${encodeURIComponent(name)}/events`,
      (message) => {
        if (message.event === 'rollout') return;
        try {
          const event = JSON.parse(message.data) as RolloutEvent;
          if (event.decision) history.current.addDecision(event.decision);
          setEvents((list) => [...list.slice(-199), event]);
          refresh.current();
        } catch {
          // a malformed event is skipped; the next read shows the state
        }
      },
      setStream,
    );
    // The weight line keeps moving while nothing happens (and the page catches anything missed).
    const timer = setInterval(() => void read(), 5000);
    return () => {
      closed = true;
      clearTimeout(pending);
      clearInterval(timer);
      close();
    };
  }, [name]);

  const weights = useMemo(() => {
    const points = history.current.weights;
    return { times: points.map((p) => p.at / 1000), values: points.map((p) => p.weight) };
  }, [version]);
  const triggers = useMemo(() => [...history.current.readings.entries()], [version, events.length]);

  if (error && !rollout)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!rollout) return <p class="muted">Loading {name}…</p>;
  const { spec, status } = rollout;
  return (
    <section aria-labelledby="rollout-h" data-testid="rollout">
      <p class="crumbs">
        <a href="#/">Models</a> / {spec.model}
      </p>
      <h1 id="rollout-h">
        {name}{' '}
        <span class={`phase phase-${status.phase}`} data-testid="phase">
          {status.phase}
        </span>
      </h1>
      <p class="lede">
        {spec.release} against {status.baseline}:{' '}
        <strong data-testid="weight">{servedWeight(rollout)} %</strong> of traffic
        {status.mirrorPercent > 0 ? `, mirror ${status.mirrorPercent} %` : ''}. {status.message}{' '}
        <span class={`stream stream-${stream}`} role="status">
          {stream === 'live' ? '● live' : stream === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>
      </p>
      {status.hold && (
        <p class="warn">
          Holding since {time(status.hold.since)}: {status.hold.reason}
        </p>
      )}
      {status.pausedBy && <p class="warn">Paused by {status.pausedBy}.</p>}
      {status.rollback && (
        <div
          class={`banner verification-${status.rollback.verification ?? 'pending'}`}
          role="status"
          data-testid="rollback-banner"
        >
          Rolled back to <strong>{status.rollback.target}</strong> by {status.rollback.actor} (
          {status.rollback.trigger}): {status.rollback.reason}. Verification:{' '}
          <strong>{status.rollback.verification ?? 'pending'}</strong>.{' '}
          <a href={href('incidents', status.rollback.eventId)}>Incident</a>
        </div>
      )}
      <RolloutActions rollout={rollout} readAt={readAt} me={me} onDone={() => refresh.current()} />
      <div class="grid2">
        <section aria-labelledby="steps-h">
          <h2 id="steps-h">Steps</h2>
          <RolloutSteps rollout={rollout} />
          <p class="muted">
            Started {ago(status.startedAt)}; this step {ago(status.stepStartedAt)}. Rollback target:{' '}
            {status.rollbackTarget.release ?? 'none'} ({status.rollbackTarget.reason}).
          </p>
        </section>
        <section aria-labelledby="weight-h">
          <h2 id="weight-h">Weight over time</h2>
          <TimeChart
            title={`${spec.release} share of traffic over time, now ${servedWeight(rollout)} %`}
            times={weights.times}
            series={[{ label: `${spec.release} %`, color: cssVar('--candidate'), values: weights.values }]}
            format={(v) => `${v.toFixed(0)}%`}
            stepped
            height={160}
          />
        </section>
      </div>
      <section aria-labelledby="judge-h">
        <h2 id="judge-h">Triggers</h2>
        {status.lastDecision && (
          <p class={`verdict verdict-${status.lastDecision.verdict}`} data-testid="verdict">
            Judge: <strong>{verdictWords(status.lastDecision.verdict)}</strong>: {status.lastDecision.reason}
          </p>
        )}
        {triggers.length === 0 && <p class="muted">No reading yet.</p>}
        <div class="triggers">
          {triggers.map(([trigger, points]) => (
            <TriggerChart key={trigger} trigger={trigger} points={points} />
          ))}
        </div>
      </section>
      <section aria-labelledby="events-h">
        <h2 id="events-h">Events</h2>
        <ol class="events" aria-live="polite" data-testid="events">
          {[...events].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time>{time(e.at)}</time> <span class={`tag tag-${e.type}`}>{e.type}</span> {e.message}
            </li>
          ))}
          {events.length === 0 && <li class="muted">Waiting for the next event…</li>}
        </ol>
      </section>
    </section>
  );
}

function verdictWords(verdict: string): string {
  if (verdict === 'ROLLBACK_IMMEDIATELY') return 'roll back now';
  if (verdict === 'INVESTIGATE_FIRST') return 'pause and investigate';
  return 'keep going';
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#6cf';
}
