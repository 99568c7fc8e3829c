/**
 * Data files (the SQLite database and its -wal/-shm companions) hold token hashes, the audit
 * trail and every release: they are created readable by their owner only (0600), and an existing
 * file others can read is tightened, with a notice saying so.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;

/** Creates `file` (and its directory, 0700) if missing; tightens it and its companions otherwise. */
export function ensurePrivateFile(
  file: string,
  companions: readonly string[],
  notice: (message: string) => void,
): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const path of [file, ...companions.map((suffix) => `${file}${suffix}`)]) {
    if (!existsSync(path)) continue;
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) === 0) continue;
    chmodSync(path, mode & 0o700);
    notice(
      `${path} was readable by others (mode ${mode.toString(8).padStart(4, '0')}); ` +
        `tightened to ${(mode & 0o700).toString(8).padStart(4, '0')}: it holds credentials and the audit trail`,
    );
  }
}
