/** Writes an incident's evidence archive as one tar.gz (tar-stream + zlib), in memory. */
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { ArchiveFile } from '../incidents/report/archive-files.js';

export async function tarGz(files: readonly ArchiveFile[], mtime: Date): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const file of files) archive.entry({ name: file.path, mtime, mode: 0o444 }, file.content);
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
