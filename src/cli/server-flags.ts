/** Flags shared by the verbs that run servers (`up`, `gateway`): TLS and the shutdown deadline. */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { UsageError } from './cli-context.js';

export interface ServerFlags {
  tlsCert?: string;
  tlsKey?: string;
  shutdownTimeout: number;
}

export function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new InvalidArgumentError('give seconds, e.g. 10 or 0.5');
  return seconds;
}

export function positiveBytes(value: string): number {
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes <= 0)
    throw new InvalidArgumentError('give a byte count, e.g. 4194304');
  return bytes;
}

export function withServerFlags(command: Command): Command {
  return command
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM; needs --tls-key)')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .option(
      '--shutdown-timeout <seconds>',
      'on SIGTERM/SIGINT, how long requests in flight may finish before they are cut',
      positiveSeconds,
      10,
    );
}

/** Reads the certificate and key named by --tls-cert/--tls-key (both or neither). */
export function readTls(flags: ServerFlags): { cert: Buffer; key: Buffer } | undefined {
  if (!flags.tlsCert && !flags.tlsKey) return undefined;
  if (!flags.tlsCert || !flags.tlsKey) {
    throw new UsageError('--tls-cert and --tls-key go together: give both files (PEM) or neither');
  }
  return { cert: readPem(flags.tlsCert, '--tls-cert'), key: readPem(flags.tlsKey, '--tls-key') };
}

export function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(
      `${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
