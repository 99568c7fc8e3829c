/**
 * How the CLI reaches the control plane: the platform's fetch, which starts in a fraction of the
 * time undici takes to load, unless `--ca FILE` asks to trust a private certificate authority;
 * only then is undici loaded, for an Agent that trusts it beside the system's roots.
 */
import { rootCertificates } from 'node:tls';
import type { Agent, fetch as undiciFetch } from 'undici';
import { readPem } from './server-flags.js';

export type Transport = (url: string, init: RequestInit) => Promise<Response>;

export function transportTrusting(caFile: string | undefined): Transport {
  if (!caFile) return (url, init) => fetch(url, init);
  // Read now, so a missing or malformed file is reported before any request.
  const ca = readPem(caFile, '--ca').toString('utf8');
  let agent: Promise<{ fetch: typeof undiciFetch; dispatcher: Agent }> | undefined;
  return async (url, init) => {
    agent ??= import('undici').then(({ Agent, fetch }) => ({
      fetch,
      dispatcher: new Agent({ connect: { ca: [...rootCertificates, ca] } }),
    }));
    const { fetch: trustingFetch, dispatcher } = await agent;
    return (await trustingFetch(url, { ...(init as object), dispatcher })) as unknown as Response;
  };
}
