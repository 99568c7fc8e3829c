import { UnavailableError } from '../core/errors.js';

/** A part of the control plane (gateway, controller) could not start; the plane stops with it. */
export class PluginStartError extends UnavailableError {
  constructor(part: string, cause: unknown) {
    super(`${part} did not start: ${describeStartFailure(part, cause)}`, { part });
    this.cause = cause;
  }
}

function describeStartFailure(part: string, cause: unknown): string {
  const error = cause as NodeJS.ErrnoException & { port?: number; address?: string };
  if (error?.code === 'EADDRINUSE') {
    const where = error.port === undefined ? '' : ` ${error.address ?? ''}:${error.port}`;
    const flag = part === 'gateway' ? ' or pass --gateway-port' : '';
    return `port${where} is already in use; stop whatever holds it${flag}`;
  }
  if (error?.code === 'EACCES') return `not allowed to listen (${error.message}); use a port above 1023`;
  return error instanceof Error ? error.message : String(cause);
}
