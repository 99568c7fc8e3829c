/** The GitOps file's text: the same versions always give the same bytes, so a repeat commits nothing. */
import { stringify } from 'yaml';

const HEADER = [
  '# Written by ripcord: the versions the release below pins. A rollback rewrites this file;',
  '# change what runs through ripcord (a rollout or `ripcord rollback`), not by hand.',
];

export function renderPinned(file: string, pinned: object): string {
  if (file.endsWith('.json')) return `${JSON.stringify(pinned, null, 2)}\n`;
  return `${HEADER.join('\n')}\n${stringify(pinned, { lineWidth: 0 })}`;
}
