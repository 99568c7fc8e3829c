/**
 * The floor: the least a Node proxy can do (node:http server + undici `stream`, 95/5 weighted
 * pick, no telemetry). Usage: bare-proxy.ts <port> <stablePort> <canaryPort>
 */
import http from 'node:http';
import { Writable } from 'node:stream';

import { Pool } from 'undici';

const [port, stable, canary] = process.argv.slice(2).map(Number) as [number, number, number];
const pools = [
  new Pool(`http://127.0.0.1:${stable}`, { connections: 64 }),
  new Pool(`http://127.0.0.1:${canary}`, { connections: 16 }),
];

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const pool = pools[Math.random() < 0.95 ? 0 : 1]!;
    pool.stream(
      {
        path: req.url ?? '/',
        method: (req.method ?? 'GET') as 'POST',
        body: Buffer.concat(chunks),
        headers: { 'content-type': 'application/json' },
      },
      ({ statusCode, headers }) => {
        res.writeHead(statusCode, { 'content-type': String(headers['content-type'] ?? 'application/json') });
        return new Writable({
          write(chunk: Buffer, _enc, cb) {
            res.write(chunk);
            cb();
          },
          final(cb) {
            res.end();
            cb();
          },
        });
      },
      (err) => {
        if (err && !res.headersSent) {
          res.writeHead(502);
          res.end();
        }
      },
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
