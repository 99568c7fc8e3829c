/**
 * The soak's model servers: a stable and a canary release answering a fixed prediction after
 * ~2 ms, in one child process. Usage: backend.ts <stablePort> <canaryPort>
 */
import http from 'node:http';

import { BACKEND_BODY } from '../gateway/servers.js';

for (const port of process.argv.slice(2).map(Number)) {
  http
    .createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': BACKEND_BODY.length });
          res.end(BACKEND_BODY);
        }, 2),
      );
    })
    .listen(port, '127.0.0.1');
}
process.on('SIGTERM', () => process.exit(0));
