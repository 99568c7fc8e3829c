import type { Command } from 'commander';
import { createApiClient } from './api-client.js';
import type { ApiClient } from './api-client.js';
import { OUTPUT_FORMATS } from './output.js';
import type { OutputFormat } from './output.js';

/** A mistake in how the command was called (exit code 2), found after commander's own parsing. */
export class UsageError extends Error {}

/** Where a command writes and how it reaches the API; injected so tests run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface CliContext {
  io: CliIo;
  /** The API client for the global --server/--token/--data options of this invocation. */
  client(command: Command): ApiClient;
  format(command: Command): OutputFormat;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM) — long-running verbs wait on it. */
  untilSignal(): Promise<void>;
}

interface GlobalOptions {
  server?: string;
  token?: string;
  data?: string;
  output?: string;
}

export function createCliContext(io: CliIo): CliContext {
  return {
    io,
    client(command) {
      const options = command.optsWithGlobals<GlobalOptions>();
      return createApiClient({ server: options.server, token: options.token, dataDir: options.data });
    },
    format(command) {
      const value = command.optsWithGlobals<GlobalOptions>().output ?? 'table';
      if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
        throw new UsageError(`-o/--output must be one of ${OUTPUT_FORMATS.join(', ')} (got "${value}")`);
      }
      return value as OutputFormat;
    },
    untilSignal() {
      return new Promise((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  };
}
