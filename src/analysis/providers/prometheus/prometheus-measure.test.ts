import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MetricTemplate } from '../../measurements/metric-template.js';
import { prometheusMeasure } from './prometheus-measure.js';

/** The query endpoint of Prometheus's HTTP API behind a bearer token, as a reverse proxy puts it. */
describe('prometheusMeasure', () => {
  let server: Server;
  let address = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const ok = req.headers.authorization === 'Bearer t0ken';
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        ok
          ? JSON.stringify({
              status: 'success',
              data: { resultType: 'vector', result: [{ metric: {}, value: [1, '0.42'] }] },
            })
          : JSON.stringify({ status: 'error', error: 'unauthorized' }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const template = (bearerTokenEnv?: string): MetricTemplate => ({
    name: 'error-rate',
    provider: { prometheus: { address, query: 'up', ...(bearerTokenEnv ? { bearerTokenEnv } : {}) } },
  });

  it("sends the token from the template's bearerTokenEnv, read from the environment", async () => {
    const measure = prometheusMeasure({ env: { PROM_TOKEN: 't0ken' } });
    await expect(measure(template('PROM_TOKEN'), Date.now())).resolves.toEqual([0.42]);
  });

  it('fails without it, naming the metric and never the token', async () => {
    const error = await prometheusMeasure({ env: { OTHER: 't0ken' } })(
      template('PROM_TOKEN'),
      Date.now(),
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('cannot read metric error-rate');
    expect(error?.message).toContain('unauthorized');
    const leaked = await prometheusMeasure({ env: { PROM_TOKEN: 'wrong-secret' } })(
      template('PROM_TOKEN'),
      Date.now(),
    ).catch((e: unknown) => e as Error);
    expect(String((leaked as Error).message)).not.toContain('wrong-secret');
  });
});
