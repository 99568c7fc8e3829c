/** `--ca FILE`: trust a private certificate authority (e.g. a self-signed control plane) besides the system's. */
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { readPem } from './server-flags.js';

export function agentTrusting(caFile: string | undefined): Agent | undefined {
  if (!caFile) return undefined;
  const ca = readPem(caFile, '--ca').toString('utf8');
  return new Agent({ connect: { ca: [...rootCertificates, ca] } });
}
