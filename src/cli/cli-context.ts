import type { Command } from 'commander';
import { createApiClient } from './api-client.js';
import type { ApiClient } from './api-client.js';
import { parseOutputFormat } from './output.js';
import type { OutputFormat } from './output.js';

export { UsageError } from './usage-error.js';

/** Where a command writes and how it reaches the API; injected so tests run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where interactive answers are read (`runbook exec`); @default process.stdin */
  stdin?: NodeJS.ReadableStream;
  /** Resolves when a long-running verb should stop; @default SIGINT or SIGTERM. */
  untilSignal?(): Promise<void>;
}

export interface CliContext {
  io: CliIo;
  /** The API client for the global --server/--token/--data options of this invocation. */
  client(command: Command): ApiClient;
  format(command: Command): OutputFormat;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM) — long-running verbs wait on it. */
  untilSignal(): Promise<void>;
}

/**
 * A verb's options with the program-level ones (`ripcord --data DIR up`) filled in beneath: an
 * option given after the verb wins over the same option given before it.
 */
export function verbOptions<T extends object>(command: Command): T {
  const merged: Record<string, unknown> = {};
  for (const owner of [...ancestors(command)].reverse()) {
    for (const [key, value] of Object.entries(owner.opts())) {
      const explicit = owner.getOptionValueSource(key) !== 'default';
      if (value !== undefined && (explicit || !(key in merged))) merged[key] = value;
    }
  }
  return merged as T;
}

function* ancestors(command: Command): Generator<Command> {
  for (let current: Command | null = command; current; current = current.parent) yield current;
}

interface GlobalOptions {
  server?: string;
  token?: string;
  data?: string;
  ca?: string;
  output?: string;
}

export function createCliContext(io: CliIo): CliContext {
  return {
    io,
    client(command) {
      const options = verbOptions<GlobalOptions>(command);
      return createApiClient({
        server: options.server,
        token: options.token,
        dataDir: options.data,
        ca: options.ca,
      });
    },
    format(command) {
      return parseOutputFormat(verbOptions<GlobalOptions>(command).output ?? 'table');
    },
    untilSignal() {
      if (io.untilSignal) return io.untilSignal();
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
