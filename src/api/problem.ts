/**
 * Errors become RFC 9457 problem documents here, at the HTTP edge, and nowhere else.
 * Domain errors keep their message (which names the field and the fix); anything unexpected
 * becomes a 500 whose details stay in the server log.
 */
import { HTTP_STATUS, RipcordError } from '../core/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string | undefined;
  [member: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** Maps any thrown value to a problem document; `internal` is true when it was not a known error. */
export function toProblem(error: unknown, instance?: string): { problem: Problem; internal: boolean } {
  if (error instanceof RipcordError) {
    const status = HTTP_STATUS[error.code];
    return {
      problem: {
        type: `https://ripcord.dev/problems/${error.code}`,
        title: TITLES[status] ?? error.code,
        status,
        detail: error.message,
        instance,
        ...error.details,
      },
      internal: false,
    };
  }
  const fastifyError = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return { problem: problem(status, describeFastifyError(fastifyError), { instance }), internal: false };
  }
  return {
    problem: problem(500, 'internal error; see the server log for details', { instance }),
    internal: true,
  };
}

function describeFastifyError(error: { code?: unknown; message?: unknown; statusCode?: unknown }): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is larger than the server accepts; split the manifest or start the server with a larger `ripcord up --body-limit <bytes>`';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send the body as application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty; send a JSON document';
    default:
      if (error.statusCode === 400 && typeof error.message === 'string' && /JSON/i.test(error.message)) {
        return `the body is not valid JSON: ${error.message}`;
      }
      return typeof error.message === 'string' ? error.message : 'bad request';
  }
}
