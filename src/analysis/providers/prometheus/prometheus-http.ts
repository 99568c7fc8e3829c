/**
 * The two Prometheus HTTP API reads a provider needs (instant and range queries), with a timeout
 * and an optional bearer token. Failures become MetricReadError naming the provider and the query;
 * the token is never part of a message.
 */
import { MetricReadError } from '../metric-provider.js';

export const PROMETHEUS_PROVIDER = 'prometheus';

export interface PrometheusConnection {
  /** Base URL, e.g. http://prometheus:9090 */
  address: string;
  /** Sent as `Authorization: Bearer …` (read from the environment by the caller). */
  bearerToken?: string | undefined;
  /** @default 10000 */
  timeoutMs?: number | undefined;
}

export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

export interface RangeSeries {
  metric: Record<string, string>;
  /** [epoch seconds, value] */
  values: [number, number][];
}

interface ApiAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: 'vector' | 'matrix' | 'scalar' | 'string';
    result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
  };
}

async function call(conn: PrometheusConnection, path: string, params: Record<string, string>, what: string) {
  const url = new URL(path, conn.address.endsWith('/') ? conn.address : `${conn.address}/`);
  const body = new URLSearchParams(params);
  let answer: ApiAnswer;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(conn.bearerToken ? { authorization: `Bearer ${conn.bearerToken}` } : {}),
      },
      body,
      signal: AbortSignal.timeout(conn.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    try {
      answer = JSON.parse(text) as ApiAnswer;
    } catch {
      throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    }
    if (answer.status !== 'success') throw new Error(answer.error ?? `HTTP ${res.status}`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new MetricReadError(`${PROMETHEUS_PROVIDER}: cannot read ${what} from ${url.origin}: ${why}`, {
      provider: PROMETHEUS_PROVIDER,
      query: params['query'],
    });
  }
  return answer.data!;
}

export async function instantQuery(
  conn: PrometheusConnection,
  query: string,
  atMs: number | undefined,
  what: string,
): Promise<InstantSample[]> {
  const data = await call(
    conn,
    'api/v1/query',
    { query, ...(atMs === undefined ? {} : { time: (atMs / 1000).toFixed(3) }) },
    what,
  );
  if (data.resultType === 'scalar') {
    const v = (data as unknown as { result: [number, string] }).result;
    return [{ metric: {}, value: Number(v[1]) }];
  }
  return data.result.map((r) => ({ metric: r.metric, value: Number(r.value?.[1]) }));
}

export async function rangeQuery(
  conn: PrometheusConnection,
  query: string,
  range: { startMs: number; endMs: number; stepMs: number },
  what: string,
): Promise<RangeSeries[]> {
  const data = await call(
    conn,
    'api/v1/query_range',
    {
      query,
      start: (range.startMs / 1000).toFixed(3),
      end: (range.endMs / 1000).toFixed(3),
      step: (range.stepMs / 1000).toFixed(3),
    },
    what,
  );
  return data.result.map((r) => ({
    metric: r.metric,
    values: (r.values ?? []).map(([t, v]) => [t, Number(v)] as [number, number]),
  }));
}
