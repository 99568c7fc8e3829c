import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What `ripcord up` leaves for the CLI on the same machine: where the API is and an admin token. */
export interface Credentials {
  server: string;
  token: string;
}

export function credentialsPath(dataDir: string): string {
  return join(dataDir, 'credentials');
}

/** Writes the credentials file readable by its owner only (0600). */
export function writeCredentials(dataDir: string, credentials: Credentials): string {
  const file = credentialsPath(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function readCredentials(dataDir: string): Credentials | undefined {
  const file = credentialsPath(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
    return typeof parsed.server === 'string' && typeof parsed.token === 'string'
      ? { server: parsed.server, token: parsed.token }
      : undefined;
  } catch {
    return undefined;
  }
}
