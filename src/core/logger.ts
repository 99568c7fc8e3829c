/**
 * The logger the domain writes to: the four levels it uses, each taking structured fields and a
 * message. pino's Logger satisfies it; the composition root (server/) passes one in, tests pass
 * `silentLogger`.
 */
export interface LogFn {
  (fields: Record<string, unknown>, message: string): void;
  (message: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore: LogFn = () => undefined;

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
