/**
 * Plain JSON passthrough: `{prefix}{model}/{rest}` is forwarded to `{backend}/{rest}` unchanged.
 * Every POST/PUT is an inference call; rows are the body itself (array), its `instances`, or the
 * body as one row.
 */
import { isRecord, type ProtocolAdapter } from './protocol.js';

export function jsonPassthrough(prefix = '/json/'): ProtocolAdapter {
  const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return {
    name: 'json',
    match(path, method) {
      if (!path.startsWith(p)) return undefined;
      const rest = path.slice(p.length);
      const slash = rest.indexOf('/');
      const model = slash < 0 ? rest : rest.slice(0, slash);
      if (model === '') return undefined;
      return {
        model,
        suffix: slash < 0 ? '/' : rest.slice(slash),
        inference: method === 'POST' || method === 'PUT',
      };
    },
    upstreamPath: (_model, suffix) => suffix,
    inputs(body) {
      if (Array.isArray(body)) return body;
      if (isRecord(body)) return Array.isArray(body.instances) ? body.instances : [body];
      return undefined;
    },
    payload: (body) => body,
    // Any JSON value, or no body at all (e.g. 204); not a body that fails to parse.
    acceptsResponse: () => true,
  };
}
