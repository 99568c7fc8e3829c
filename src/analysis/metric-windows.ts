/**
 * What a judge reads between "what do you need" and "evaluate" (Argo's Run/Resume): the judge
 * names its windows (`judge.needs`), `readWindows` fetches them from a MetricProvider, and the
 * judge evaluates on the answers without any I/O of its own.
 */
import type { ReleaseWindow } from '../telemetry/types.js';
import type { MetricProvider, SeriesQuery, WindowQuery } from './providers/metric-provider.js';

/** One read a judge needs: a merged window, or one window per `stepMs` (a series). */
export type WindowRequest = ({ kind: 'window' } & WindowQuery) | ({ kind: 'series' } & SeriesQuery);

/**
 * The windows a judge evaluates on, answered synchronously. `readWindows` gives the ones a judge
 * asked for (and refuses any other, so a judge that under-asks fails loudly); a synchronous
 * TelemetryReader is one too, for simulations that read on demand.
 */
export interface MetricWindows {
  window(query: WindowQuery): ReleaseWindow;
  series(query: SeriesQuery): ReleaseWindow[];
  /** Whether the read was fetched; absent when every read is answered on demand. */
  has?(request: WindowRequest): boolean;
}

/**
 * Thrown by `judge.evaluate` when this look's data sends it to windows nobody could list ahead
 * (a `for` window doubled back in a quiet hour, the span since a checkpoint leading a running
 * test): the judge is left as it was; fetch `requests` too and evaluate again (judgeLook does).
 */
export class WindowsNeeded extends Error {
  constructor(readonly requests: readonly WindowRequest[]) {
    super(`the look needs ${requests.length} more windows`);
    this.name = 'WindowsNeeded';
  }
}

/** A source that answers at once (the in-process telemetry, a simulation). */
export type SyncWindowReader = MetricWindows;

/**
 * Fetches every requested window from the provider (each distinct read once, concurrently),
 * beside the ones `known` (an earlier answer of readWindows) already holds.
 */
export async function readWindows(
  provider: MetricProvider,
  requests: readonly WindowRequest[],
  known?: MetricWindows,
): Promise<MetricWindows> {
  const answers = new Map(known instanceof RequestedWindows ? known.answers : []);
  const fresh = dedupe(requests).filter(([key, r]) => answerKey(answers, r, key) === undefined);
  const read = await Promise.all(
    fresh.map(([, r]) => (r.kind === 'window' ? provider.window(queryOf(r)) : provider.series(seriesOf(r)))),
  );
  fresh.forEach(([key], i) => answers.set(key, read[i]!));
  return new RequestedWindows(answers);
}

/** The same, from a synchronous reader: what a simulation or a test runs the judge's reads through. */
export function readWindowsNow(
  reader: SyncWindowReader,
  requests: readonly WindowRequest[],
  known?: MetricWindows,
): MetricWindows {
  const answers = new Map(known instanceof RequestedWindows ? known.answers : []);
  for (const [key, r] of dedupe(requests))
    if (answerKey(answers, r, key) === undefined)
      answers.set(key, r.kind === 'window' ? reader.window(queryOf(r)) : reader.series(seriesOf(r)));
  return new RequestedWindows(answers);
}

/**
 * Identity of a read: the same model, release, span, step, region and parts is the same answer.
 * A read without predictions is also answered by the same read with them (answerKey).
 */
export function requestKey(r: WindowRequest): string {
  const step = r.kind === 'series' ? r.stepMs : '';
  const parts = r.predictions === false ? '-' : '';
  // A template, not an array joined: every read of every look builds one or two of these.
  return `${r.kind}\u0000${r.model}\u0000${r.release}\u0000${r.from}\u0000${r.to}\u0000${step}\u0000${r.region ?? ''}\u0000${parts}`;
}

/** The key of an answer `answers` holds for `r`: its own, or the full read's for one without predictions. */
function answerKey(
  answers: ReadonlyMap<string, unknown>,
  r: WindowRequest,
  own = requestKey(r),
): string | undefined {
  if (answers.has(own)) return own;
  if (r.predictions !== false) return undefined;
  const full = fullKey(own);
  return answers.has(full) ? full : undefined;
}

/** The key of the same read with predictions, from the key of one without (its parts mark is last). */
function fullKey(keyWithout: string): string {
  return keyWithout.slice(0, -1);
}

/**
 * Each distinct read once, with its key; a read without predictions is left out where the full
 * one is asked for too.
 */
function dedupe(requests: readonly WindowRequest[]): [string, WindowRequest][] {
  const seen = new Map<string, WindowRequest>();
  for (const r of requests) {
    const key = requestKey(r);
    if (!seen.has(key)) seen.set(key, r);
  }
  const kept: [string, WindowRequest][] = [];
  for (const [key, r] of seen) if (r.predictions !== false || !seen.has(fullKey(key))) kept.push([key, r]);
  return kept;
}

const queryOf = (r: WindowRequest): WindowQuery => ({
  model: r.model,
  release: r.release,
  from: r.from,
  to: r.to,
  region: r.region,
  ...(r.predictions === false ? { predictions: false } : {}),
});

const seriesOf = (r: Extract<WindowRequest, { kind: 'series' }>): SeriesQuery => ({
  ...queryOf(r),
  stepMs: r.stepMs,
});

/** Windows read ahead of an evaluation; a read nobody asked for is a judge bug, said as such. */
class RequestedWindows implements MetricWindows {
  constructor(readonly answers: ReadonlyMap<string, ReleaseWindow | ReleaseWindow[]>) {}

  has(request: WindowRequest): boolean {
    return answerKey(this.answers, request) !== undefined;
  }

  window(query: WindowQuery): ReleaseWindow {
    return this.answer({ kind: 'window', ...query }) as ReleaseWindow;
  }

  series(query: SeriesQuery): ReleaseWindow[] {
    return this.answer({ kind: 'series', ...query }) as ReleaseWindow[];
  }

  private answer(request: WindowRequest): ReleaseWindow | ReleaseWindow[] {
    const key = answerKey(this.answers, request);
    const found = key === undefined ? undefined : this.answers.get(key);
    if (found === undefined)
      throw new Error(
        `judge read a ${request.kind} it did not ask for (${request.release} [${request.from}, ${request.to})): judge.needs() must list every read`,
      );
    return found;
  }
}
