/**
 * A unified diff of one file's text before and after, for a dry run: `git diff --no-index` over
 * two temporary copies, so the working copy is never touched.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export async function fileDiff(
  file: string,
  before: string | undefined,
  after: string,
  signal: AbortSignal,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ripcord-diff-'));
  try {
    for (const [side, text] of [
      ['a', before ?? ''],
      ['b', after],
    ] as const) {
      await mkdir(dirname(join(dir, side, file)), { recursive: true });
      await writeFile(join(dir, side, file), text);
    }
    return await new Promise<string>((resolve, reject) => {
      execFile(
        'git',
        ['diff', '--no-index', '--no-color', '--no-prefix', '--', join('a', file), join('b', file)],
        { cwd: dir, signal },
        // Exit status 1 means "the files differ": the diff is the output.
        (error, stdout) =>
          error && error.code !== 1
            ? reject(new Error(`git diff failed: ${error.message}`))
            : resolve(stdout),
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
