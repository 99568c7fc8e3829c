/**
 * The errors a verb may end with, kept apart from the modules that throw them so the entry point
 * can tell them apart without loading any verb (`ripcord --version` loads none).
 */
export { UsageError } from './usage-error.js';

/** The server's problem document for a failed API call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown>,
  ) {
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : `HTTP ${status}`;
    super(detail);
  }
}

/** The control plane could not be reached (or trusted). */
export class ConnectionError extends Error {}

/** A manifest that does not parse or validate; the message names the file and the fields. */
export class ManifestInvalidError extends Error {}
