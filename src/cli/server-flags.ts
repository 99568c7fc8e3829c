/** TLS for the verbs that run servers (`up`, `gateway`): tls.cert and tls.key in any config source. */
import { readFileSync } from 'node:fs';
import { UsageError } from './cli-context.js';

/** Reads the configured certificate and key files (both or neither). */
export function readTls(files: {
  cert?: string | undefined;
  key?: string | undefined;
}): { cert: Buffer; key: Buffer } | undefined {
  if (!files.cert && !files.key) return undefined;
  if (!files.cert || !files.key) {
    throw new UsageError(
      '--tls-cert and --tls-key go together (tls.cert and tls.key in ripcord.yaml): give both files (PEM) or neither',
    );
  }
  return { cert: readPem(files.cert, '--tls-cert'), key: readPem(files.key, '--tls-key') };
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
