/**
 * The CLI's view of the control plane API: resolves where it is and which token to use,
 * and turns problem documents into errors that carry the server's message.
 */
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import { fetch as undiciFetch, request } from 'undici';
import type { paths } from '../api/generated/openapi-types.js';
import { readCredentials } from '../server/credentials.js';
import { agentTrusting } from './trust.js';

export interface ClientOptions {
  server?: string | undefined;
  token?: string | undefined;
  /** Directory holding `credentials` written by `ripcord up`. @default './.ripcord' */
  dataDir?: string | undefined;
  /** A CA certificate file (PEM) to trust for an HTTPS control plane, besides the system's. */
  ca?: string | undefined;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
  ) {
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : `HTTP ${status}`;
    super(detail);
  }
}

export class ConnectionError extends Error {}

/** The body of a typed call's success, or the server's problem as an ApiError. */
export async function answered<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  server: string,
): Promise<T> {
  let result;
  try {
    result = await call;
  } catch (error) {
    throw new ConnectionError(
      `cannot reach the control plane at ${server} (${(error as Error).message}); start it with \`ripcord up\` ` +
        'or point --server / RIPCORD_SERVER at it',
    );
  }
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, (result.error ?? {}) as Record<string, unknown>);
  }
  return result.data as T;
}

export interface ApiClient {
  readonly server: string;
  get<T = unknown>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  send<T = unknown>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T>;
  /**
   * The client generated from the API's OpenAPI document: paths, parameters, bodies and answers
   * are typed from it, so a CLI call that no longer matches the server fails to compile.
   */
  readonly typed: Client<paths>;
  /** A GET whose answer is not JSON (a report page, an archive): its bytes and content type. */
  download(
    path: string,
    query?: Record<string, string | number | undefined>,
  ): Promise<{ body: Buffer; contentType: string }>;
  /** Opens a streaming GET (server-sent events); yields each event's data. */
  stream(path: string, signal?: AbortSignal): AsyncGenerator<{ event: string; data: string }>;
}

export function createApiClient(options: ClientOptions = {}): ApiClient {
  const credentials = readCredentials(options.dataDir ?? './.ripcord');
  const server = (
    options.server ??
    process.env['RIPCORD_SERVER'] ??
    credentials?.server ??
    'http://127.0.0.1:7070'
  ).replace(/\/$/, '');
  const token = options.token ?? process.env['RIPCORD_TOKEN'] ?? credentials?.token;
  const baseHeaders: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const agent = agentTrusting(options.ca ?? process.env['RIPCORD_CA']);
  const via = agent ? { dispatcher: agent } : {};

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    let response;
    try {
      response = await request(`${server}/api/v1${path}`, {
        method: method as 'GET',
        headers: {
          ...baseHeaders,
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...via,
      });
    } catch (error) {
      throw new ConnectionError(
        `cannot reach the control plane at ${server} (${(error as Error).message}); start it with \`ripcord up\` ` +
          'or point --server / RIPCORD_SERVER at it',
      );
    }
    const text = await response.body.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (response.statusCode >= 400)
      throw new ApiError(response.statusCode, (parsed ?? {}) as Record<string, unknown>);
    return parsed as T;
  }

  function withQuery(path: string, query: Record<string, string | number | undefined> | undefined): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) search.set(key, String(value));
    return search.size > 0 ? `${path}?${search.toString()}` : path;
  }

  const typed = createClient<paths>({
    baseUrl: server,
    headers: baseHeaders,
    // undici's fetch, so a CA given with --ca is trusted the same way as for the other calls.
    // (It is handed the platform's Request, which undici's fetch does not take as it is.)
    fetch: async (request) => {
      const body = request.body ? await request.arrayBuffer() : undefined;
      const answer = await undiciFetch(request.url, {
        method: request.method,
        headers: [...request.headers.entries()],
        ...(body ? { body } : {}),
        ...via,
      });
      return answer as unknown as Response;
    },
  });

  return {
    server,
    typed,
    get: (path, query) => call('GET', withQuery(path, query)),
    async download(path, query) {
      let response;
      try {
        response = await request(`${server}/api/v1${withQuery(path, query)}`, {
          method: 'GET',
          headers: baseHeaders,
          ...via,
        });
      } catch (error) {
        throw new ConnectionError(
          `cannot reach the control plane at ${server} (${(error as Error).message})`,
        );
      }
      const body = Buffer.from(await response.body.arrayBuffer());
      if (response.statusCode >= 400) {
        const text = body.toString('utf8');
        throw new ApiError(response.statusCode, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      }
      const type = response.headers['content-type'];
      return { body, contentType: Array.isArray(type) ? (type[0] ?? '') : (type ?? '') };
    },
    send: (method, path, body, headers) => call(method, path, body, headers),
    async *stream(path, signal) {
      let response;
      try {
        response = await request(`${server}/api/v1${path}`, {
          method: 'GET',
          headers: { ...baseHeaders, accept: 'text/event-stream' },
          signal,
          ...via,
        });
      } catch (error) {
        throw new ConnectionError(
          `cannot reach the control plane at ${server} (${(error as Error).message})`,
        );
      }
      if (response.statusCode >= 400) {
        const text = await response.body.text();
        throw new ApiError(response.statusCode, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      }
      let buffer = '';
      for await (const chunk of response.body) {
        buffer += (chunk as Buffer).toString('utf8');
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length > 0) yield { event, data: data.join('\n') };
          boundary = buffer.indexOf('\n\n');
        }
      }
    },
  };
}
