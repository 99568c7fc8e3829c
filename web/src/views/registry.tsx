/**
 * The registry of one model: releases as bundles (model version, features, serving), the diff of
 * any two, and each alias's history as a timeline that answers "what was in production at 02:17?".
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { AliasMove, AliasView, Model, Release, ReleaseDiff } from '../api/types';
import { clock, value } from '../format';
import { href } from '../route';
import { parseInstant } from '../instant';
import { usePoll } from '../use-poll';
import { ErrorLine } from './not-available';

export function RegistryView({ model }: { model?: string | undefined }) {
  const models = usePoll((signal) => api<Model[]>('/models', { signal }), [], 0);
  const chosen = model ?? models.data?.[0]?.name;
  return (
    <section aria-labelledby="registry-h">
      <h1 id="registry-h">Registry</h1>
      <ErrorLine error={models.error} />
      <nav class="row" aria-label="Models">
        {models.data?.map((m) => (
          <a
            key={m.name}
            href={href('registry', m.name)}
            aria-current={m.name === chosen ? 'page' : undefined}
            class="pill"
          >
            {m.name}
          </a>
        ))}
      </nav>
      {chosen && <ModelRegistry model={chosen} />}
    </section>
  );
}

function ModelRegistry({ model }: { model: string }) {
  const q = encodeURIComponent(model);
  const releases = usePoll((signal) => api<Release[]>(`/releases?model=${q}`, { signal }), [model], 10_000);
  const aliases = usePoll((signal) => api<AliasView[]>(`/aliases?model=${q}`, { signal }), [model], 10_000);
  const inUse = new Map<string, string[]>();
  for (const a of aliases.data ?? []) inUse.set(a.release, [...(inUse.get(a.release) ?? []), a.name]);
  return (
    <>
      <h2>Alias history</h2>
      {(aliases.data ?? []).map((a) => (
        <AliasTimeline key={a.name} model={model} alias={a.name} />
      ))}
      {aliases.data?.length === 0 && <p class="muted">No alias set.</p>}
      <h2>Diff two releases</h2>
      <DiffPicker releases={releases.data ?? []} />
      <h2>Releases</h2>
      <ErrorLine error={releases.error} />
      <div class="cards">
        {(releases.data ?? []).map((r) => (
          <article
            key={r.name}
            class="card"
            aria-labelledby={`r-${r.name}`}
            data-testid={`release-${r.name}`}
          >
            <h3 id={`r-${r.name}`}>
              {r.name}{' '}
              {(inUse.get(r.name) ?? []).map((a) => (
                <span key={a} class="pill small">
                  {a}
                </span>
              ))}
              {r.healthyBaseline && <span class="pill small ok">healthy baseline</span>}
              {r.archived && <span class="pill small">archived</span>}
            </h3>
            <p class="muted">{r.description}</p>
            <dl class="facts">
              <dt>Model</dt>
              <dd>
                {r.model} v{r.modelVersion}
              </dd>
              <dt>Features</dt>
              <dd>
                {r.features.length ? r.features.map((f) => `${f.name}@${f.version}`).join(', ') : 'none'}
              </dd>
              <dt>Serving</dt>
              <dd>
                {r.serving.backends.map((b) => b.url).join(', ')} · timeout {r.serving.timeoutMs} ms
              </dd>
              {r.marks.map((m, i) => (
                <Fragment key={i}>
                  <dt>Marked {m.kind}</dt>
                  <dd class="warn">
                    {clock(m.at)} as {m.role}: {m.reason}
                  </dd>
                </Fragment>
              ))}
            </dl>
          </article>
        ))}
      </div>
    </>
  );
}

function AliasTimeline({ model, alias }: { model: string; alias: string }) {
  const path = `/models/${encodeURIComponent(model)}/aliases/${encodeURIComponent(alias)}/history`;
  const history = usePoll((signal) => api<AliasMove[]>(path, { signal }), [model, alias], 10_000);
  const [at, setAt] = useState('');
  const [answer, setAnswer] = useState<string | undefined>(undefined);
  const moves = history.data ?? [];
  const ask = async () => {
    const instant = parseInstant(at);
    if (!instant) {
      setAnswer('Give a time such as 02:17, 2026-12-06 02:17 or an ISO timestamp.');
      return;
    }
    try {
      const found = await api<{ at: string; release: string | null }>(
        `${path}?at=${encodeURIComponent(instant.toISOString())}`,
      );
      setAnswer(`${alias} at ${clock(instant.getTime())}: ${found.release ?? 'nothing (not set yet)'}`);
    } catch (error) {
      setAnswer(error instanceof Error ? error.message : String(error));
    }
  };
  const id = `at-${alias}`;
  return (
    <div class="alias" data-testid={`alias-${alias}`}>
      <h3>{alias}</h3>
      <ol class="timeline">
        {moves.map((m, i) => (
          <li key={i}>
            <time dateTime={m.at}>{clock(m.at)}</time> {m.from ?? '—'} → <strong>{m.to ?? '—'}</strong> by{' '}
            {m.actor}
            {m.reason ? `: ${m.reason}` : ''}
          </li>
        ))}
      </ol>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label for={id}>What was {alias} at</label>
        <input id={id} value={at} placeholder="02:17" onInput={(e) => setAt(e.currentTarget.value)} />
        <button type="submit">Ask</button>
        {answer && (
          <output for={id} data-testid="alias-answer">
            {answer}
          </output>
        )}
      </form>
    </div>
  );
}

function DiffPicker({ releases }: { releases: Release[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<ReleaseDiff | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const a = from || releases[0]?.name || '';
  const b = to || releases[1]?.name || releases[0]?.name || '';
  const run = async () => {
    setProblem(undefined);
    try {
      setDiff(await api<ReleaseDiff>(`/releases/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label for="diff-from">From</label>
        <select id="diff-from" value={a} onChange={(e) => setFrom(e.currentTarget.value)}>
          {releases.map((r) => (
            <option key={r.name}>{r.name}</option>
          ))}
        </select>
        <label for="diff-to">to</label>
        <select id="diff-to" value={b} onChange={(e) => setTo(e.currentTarget.value)}>
          {releases.map((r) => (
            <option key={r.name}>{r.name}</option>
          ))}
        </select>
        <button type="submit">Diff</button>
      </form>
      {problem && <p class="error">{problem}</p>}
      {diff && (
        <table class="table" data-testid="diff">
          <caption>
            {diff.from} → {diff.to}
          </caption>
          <tbody>
            <tr>
              <th scope="row">model</th>
              <td>{diff.model.changed ? `${diff.model.from} → ${diff.model.to}` : 'unchanged'}</td>
            </tr>
            {diff.model.changes.map((c) => (
              <tr key={`m${c.path}`}>
                <th scope="row">model {c.path}</th>
                <td>
                  {value(c.from)} → {value(c.to)}
                </td>
              </tr>
            ))}
            {diff.features.changed.map((f) => (
              <tr key={`f${f.name}`}>
                <th scope="row">feature {f.name}</th>
                <td>
                  {f.from} → {f.to}
                </td>
              </tr>
            ))}
            {diff.features.added.map((f) => (
              <tr key={`a${f.name}`}>
                <th scope="row">feature added</th>
                <td>
                  {f.name}@{f.version}
                </td>
              </tr>
            ))}
            {diff.features.removed.map((f) => (
              <tr key={`r${f.name}`}>
                <th scope="row">feature removed</th>
                <td>
                  {f.name}@{f.version}
                </td>
              </tr>
            ))}
            {diff.serving.changes.map((c) => (
              <tr key={`s${c.path}`}>
                <th scope="row">serving {c.path}</th>
                <td>
                  {value(c.from)} → {value(c.to)}
                </td>
              </tr>
            ))}
            {!diff.serving.changed && (
              <tr>
                <th scope="row">serving</th>
                <td>unchanged</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}
