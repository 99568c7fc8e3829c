/**
 * The drill release's backend: a local proxy in front of production's own backend that passes
 * requests through until the fault is injected, then misbehaves the way the fault says. The
 * production release and its users are untouched; only traffic routed to the drill release
 * meets the fault.
 * - latency:  every answer 300 ms later;
 * - errors:   half the answers are HTTP 500;
 * - collapse: every user gets the same answer (the recommendations collapse to one list);
 * - crash:    connections are reset without an answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DrillFault } from '../../controller/drill-mark.js';

export interface FaultProxy {
  url: string;
  inject(fault: DrillFault): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export async function startFaultProxy(backend: string): Promise<FaultProxy> {
  let fault: DrillFault | undefined;
  let collapsed: { status: number; headers: Record<string, string>; body: Buffer } | undefined;
  let errorTurn = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        if (fault === 'crash') return void req.socket.destroy();
        if (fault === 'errors' && (errorTurn++ & 1) === 0)
          return void res
            .writeHead(500, { 'content-type': 'application/json' })
            .end('{"error":"drill: injected fault"}');
        if (fault === 'collapse' && collapsed)
          return void res.writeHead(collapsed.status, collapsed.headers).end(collapsed.body);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers))
          if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
        const answer = await fetch(new URL(req.url ?? '/', backend), {
          method: req.method ?? 'GET',
          headers,
          ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
        });
        const body = Buffer.from(await answer.arrayBuffer());
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value;
        });
        if (fault === 'collapse' && answer.ok && req.method === 'POST')
          collapsed ??= { status: answer.status, headers: out, body };
        if (fault === 'latency') await new Promise((resolve) => setTimeout(resolve, 300));
        res.writeHead(answer.status, out).end(body);
      })().catch(() => {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject: (next) => void (fault = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
