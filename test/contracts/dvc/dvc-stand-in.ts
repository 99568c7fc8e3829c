/** Where the dvc stand-in lives and what it recorded in a working copy. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DVC_STAND_IN = fileURLToPath(new URL('./dvc-stand-in.mjs', import.meta.url));

/** The command lines the stand-in ran in `workdir` (a clone with its .git folder), oldest first. */
export function dvcCommands(workdir: string): string[][] {
  const log = join(workdir, '.git', 'dvc-stand-in.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { args: string[] }).args);
}
