/**
 * The floor: the least a Node proxy can do (node:http server + undici `stream`, 95/5 weighted
 * pick, no telemetry). undici writes the backend's body straight into the ServerResponse (the
 * stream factory returns it) and the backend's content-length is kept, so there is no Writable
 * per request and no chunked re-encoding. Usage: bare-proxy.ts <port> <stablePort> <canaryPort>
 * [featuresHeader] (the x-ripcord-features value the demo's model servers check, as a gateway
 * sends it from the release bundle).
 */
import http from 'node:http';

import { Pool } from 'undici';

const [port, stable, canary] = process.argv.slice(2, 5).map(Number) as [number, number, number];
const features = process.argv[5];
const pools = [
  new Pool(`http://127.0.0.1:${stable}`, { connections: 64 }),
  new Pool(`http://127.0.0.1:${canary}`, { connections: 16 }),
];
const REQUEST_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  ...(features === undefined ? {} : { 'x-ripcord-features': features }),
};

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const pool = pools[Math.random() < 0.95 ? 0 : 1]!;
    pool.stream(
      {
        path: req.url ?? '/',
        method: (req.method ?? 'GET') as 'POST',
        body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
        headers: REQUEST_HEADERS,
      },
      ({ statusCode, headers }) => {
        const length = headers['content-length'];
        res.writeHead(statusCode, [
          'content-type',
          String(headers['content-type'] ?? 'application/json'),
          ...(length !== undefined ? ['content-length', String(length)] : []),
        ]);
        return res;
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
