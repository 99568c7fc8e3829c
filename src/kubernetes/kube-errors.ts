/**
 * What the Kubernetes API said when it refused a request, read from the client's exception (the
 * `Status` body: code, reason, message), and one error type that names the object and the verb.
 * The API's messages name objects and fields, never credentials, so they are safe to store.
 */
import { RipcordError } from '../core/errors.js';

export interface KubeStatus {
  code: number;
  /** `NotFound`, `Conflict`, `Invalid`, `Forbidden`, ... */
  reason?: string | undefined;
  message: string;
}

function parsedBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}

/** The API's Status for a refused request, or undefined when `error` is not an HTTP answer. */
export function kubeStatus(error: unknown): KubeStatus | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, body } = error as { code?: unknown; body?: unknown };
  if (typeof code !== 'number') return undefined;
  const status = parsedBody(body);
  return {
    code,
    reason: typeof status?.['reason'] === 'string' ? status['reason'] : undefined,
    message: typeof status?.['message'] === 'string' ? status['message'] : `HTTP ${code}`,
  };
}

export const isConflict = (error: unknown): boolean => kubeStatus(error)?.code === 409;
export const isNotFound = (error: unknown): boolean => kubeStatus(error)?.code === 404;

/** A request the Kubernetes API refused or could not answer, naming what was asked. */
export class KubeApiError extends RipcordError {
  readonly code = 'unavailable';
  constructor(
    /** `get deployments.apps recsys in ml-serving` */
    readonly action: string,
    readonly status: KubeStatus | undefined,
    cause?: unknown,
  ) {
    super(
      status
        ? `kubernetes: ${action} failed: HTTP ${status.code}${status.reason ? ` ${status.reason}` : ''}: ${status.message}`
        : `kubernetes: ${action} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { action, ...(status ? { httpStatus: status.code, reason: status.reason } : {}) },
    );
  }
}

/** Runs one API call and turns a refusal into a KubeApiError naming `action`. */
export async function kubeCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof KubeApiError) throw error;
    throw new KubeApiError(action, kubeStatus(error), error);
  }
}
