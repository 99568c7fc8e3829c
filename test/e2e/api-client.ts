/** The control plane API over real HTTP with a bearer token; answers keep their status for 4xx checks. */
import { request } from 'undici';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export interface E2eApi {
  readonly url: string;
  call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>>;
  /** GET that must answer 2xx. */
  get<T = unknown>(path: string): Promise<T>;
  /** POST/PUT that must answer 2xx. */
  send<T = unknown>(method: 'POST' | 'PUT', path: string, body?: unknown): Promise<T>;
}

export function e2eApi(url: string, token: string): E2eApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const response = await request(`${url}/api/v1${path}`, {
      method: method as 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: (text ? JSON.parse(text) : null) as T };
  };
  const must = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call<T>(method, path, body);
    if (answer.status >= 300)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return {
    url,
    call: (method, path, body) => call(method, path, body),
    get: (path) => must('GET', path),
    send: (method, path, body) => must(method, path, body),
  };
}
