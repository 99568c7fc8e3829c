import { pino } from 'pino';
import type { CliContext } from '../cli-context.js';

/**
 * How a server verb tells its operator what it is doing: a plain line, or with JSON logging an
 * NDJSON record (whatever the log level), so every line on the stream parses.
 */
export function announcer(context: CliContext, json: boolean, name?: string): (message: string) => void {
  if (!json) return (message) => context.io.stdout(`${message}\n`);
  const logger = pino(
    { level: 'info', ...(name ? { name } : {}) },
    { write: (line: string) => context.io.stdout(line) },
  );
  return (message) => logger.info(message);
}
