/**
 * gRPC status codes in the gateway's terms: the HTTP status each stands for (the mapping of
 * google.rpc.Code to HTTP that gRPC-gateway and Envoy use), so telemetry records the same
 * outcome for a gRPC call as for its REST twin.
 */
import { status } from '@grpc/grpc-js';

import type { Outcome } from '../../telemetry/types.js';

const HTTP: Record<number, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

export function httpStatusOf(code: number): number {
  return HTTP[code] ?? 500;
}

/** A failure of the backend (counted by breakers and error-rate judges, retried on stable) rather than of the request. */
export function serverSide(code: number): boolean {
  return httpStatusOf(code) >= 500;
}

/** The telemetry outcome of a backend's answer with this code. */
export function outcomeOfCode(code: number): Outcome {
  if (code === status.OK) return 'ok';
  if (code === status.DEADLINE_EXCEEDED) return 'timeout';
  if (code === status.UNAVAILABLE) return 'connectionError';
  return serverSide(code) ? 'serverError' : 'clientError';
}
