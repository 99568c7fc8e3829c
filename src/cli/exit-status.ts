/** A verb that finished but must exit non-zero (a watched rollout rolled back, a timeout), so CI can gate on it. */
export class ExitStatusError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
