/**
 * The CLI's view of the control plane API: resolves where it is and which token to use,
 * and turns problem documents into errors that carry the server's message.
 */
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { paths } from '../api/generated/openapi-types.js';
import { readCredentials } from '../server/credentials.js';
import { transportTrusting } from './transport.js';
import type { Transport } from './transport.js';
import { ApiError, ConnectionError } from './cli-errors.js';

export interface ClientOptions {
  server?: string | undefined;
  token?: string | undefined;
  /** Directory holding `credentials` written by `ripcord up`. @default './.ripcord' */
  dataDir?: string | undefined;
  /** A CA certificate file (PEM) to trust for an HTTPS control plane, besides the system's. */
  ca?: string | undefined;
}

export { ApiError, ConnectionError };

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
  const transport: Transport = transportTrusting(options.ca ?? process.env['RIPCORD_CA']);

  /** The response, or a ConnectionError naming the server and the reason it could not be reached. */
  async function send(url: string, init: RequestInit, hint = ''): Promise<Response> {
    try {
      return await transport(url, init);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const cause = (error as { cause?: Error }).cause;
      throw new ConnectionError(
        `cannot reach the control plane at ${server} (${(cause ?? (error as Error)).message})${hint}`,
      );
    }
  }

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await send(
      `${server}/api/v1${path}`,
      {
        method,
        headers: {
          ...baseHeaders,
          ...headers,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      '; start it with `ripcord up` or point --server / RIPCORD_SERVER at it',
    );
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (response.status >= 400)
      throw new ApiError(response.status, (parsed ?? {}) as Record<string, unknown>);
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
    // The same transport, so a CA given with --ca is trusted the same way as for the other calls.
    // (It is handed the platform's Request, which undici's fetch does not take as it is.)
    fetch: async (request) => {
      const body = request.body ? await request.arrayBuffer() : undefined;
      return transport(request.url, {
        method: request.method,
        headers: [...request.headers.entries()],
        ...(body ? { body } : {}),
      });
    },
  });

  return {
    server,
    typed,
    get: (path, query) => call('GET', withQuery(path, query)),
    async download(path, query) {
      const response = await send(`${server}/api/v1${withQuery(path, query)}`, {
        method: 'GET',
        headers: baseHeaders,
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status >= 400) {
        const text = body.toString('utf8');
        throw new ApiError(response.status, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      }
      return { body, contentType: response.headers.get('content-type') ?? '' };
    },
    send: (method, path, body, headers) => call(method, path, body, headers),
    async *stream(path, signal) {
      const response = await send(`${server}/api/v1${path}`, {
        method: 'GET',
        headers: { ...baseHeaders, accept: 'text/event-stream' },
        ...(signal ? { signal } : {}),
      });
      if (response.status >= 400) {
        const text = await response.text();
        throw new ApiError(response.status, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      }
      if (!response.body) return;
      let buffer = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
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
