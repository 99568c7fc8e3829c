/** Calls to the control plane's API (same origin only), with the session's token and problem+json errors. */
import { storedToken } from '../session';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

const BASE = '/api/v1';

export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; ifMatch?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.ifMatch !== undefined) headers['if-match'] = `"${init.ifMatch}"`;
  const response = await fetch(`${BASE}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem =
      parsed && typeof parsed === 'object'
        ? ({ status: response.status, ...(parsed as object) } as Problem)
        : { status: response.status, title: response.statusText, detail: text.slice(0, 300) };
    throw new ApiError(response.status, problem);
  }
  return parsed as T;
}

/**
 * An endpoint that a control plane may not have yet (incident reports, doctor, drills): its
 * value, or 'unavailable' when it answers 404 for the route itself.
 */
export async function optional<T>(path: string, signal?: AbortSignal): Promise<T | 'unavailable'> {
  try {
    return await api<T>(path, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && isMissingRoute(error)) return 'unavailable';
    throw error;
  }
}

/** The API's not-found handler says "no route …"; a missing resource on a real route says otherwise. */
function isMissingRoute(error: ApiError): boolean {
  return /^no route /.test(error.problem.detail ?? '');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}
