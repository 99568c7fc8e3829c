/**
 * gRPC metadata in the gateway's header terms: as Node-style raw headers for the splitter (pin,
 * header routes, sticky and region headers read metadata exactly as HTTP headers), and filtered
 * for the backend with the same rules as REST (forwardHeaders) plus gRPC's own reserved keys.
 */
import { Metadata, type MetadataValue } from '@grpc/grpc-js';

import { forwardHeaders } from '../forwarded-headers.js';

/** Keys HTTP/2 and grpc-js set themselves on every call. */
function reserved(key: string): boolean {
  return (
    key.startsWith('grpc-') ||
    key === 'content-type' ||
    key === 'user-agent' ||
    key === 'accept-encoding' ||
    key === 'te'
  );
}

/** Text metadata as [name, value, ...] (the first value of each key; binary `-bin` keys left out). */
export function metadataHeaders(metadata: Metadata): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(metadata.getMap()))
    if (typeof value === 'string' && !reserved(key)) out.push(key, value);
  return out;
}

/** The metadata a backend receives: the client's (filtered as REST headers are), the release's headers, the request id. */
export function backendMetadata(
  client: Metadata,
  pass: ReadonlySet<string> | undefined,
  releaseHeaders: readonly string[],
  requestId: string,
): Metadata {
  const out = new Metadata();
  const text = forwardHeaders(metadataHeaders(client), pass);
  for (let i = 0; i < text.length; i += 2) out.add(text[i]!, text[i + 1]!);
  for (const key of Object.keys(client.getMap()))
    if (key.endsWith('-bin') && (!pass || pass.has(key))) for (const v of client.get(key)) out.add(key, v);
  for (let i = 0; i + 1 < releaseHeaders.length; i += 2)
    out.set(releaseHeaders[i]!.toLowerCase(), releaseHeaders[i + 1]!);
  out.set('x-request-id', requestId);
  return out;
}

/** Metadata from [name, value, ...] pairs. */
export function metadataOf(pairs: readonly string[]): Metadata {
  const out = new Metadata();
  for (let i = 0; i + 1 < pairs.length; i += 2) out.set(pairs[i]!, pairs[i + 1]! as MetadataValue);
  return out;
}
