import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDrain } from './http-drain.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  const drain = new HttpDrain(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, drain, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('HttpDrain', () => {
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });

  it('lets a request longer than 2 s finish, with Connection: close, then closes', async () => {
    const { drain, url } = await serve((_req, res) => void sleep(2_500).then(() => res.end('done')));
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    agents.push(agent);
    const pending = request(`${url}/slow`, { dispatcher: agent });
    await sleep(100);
    const drained = drain.drain(10_000);
    const response = await pending;
    expect(response.statusCode).toBe(200);
    expect(response.headers['connection']).toBe('close');
    expect(await response.body.text()).toBe('done');
    const result = await drained;
    expect(result.cut).toBe(0);
    expect(result.tookMs).toBeLessThan(5_000);
  });

  it('closes idle keep-alive connections and refuses new ones', async () => {
    const { drain, url } = await serve((_req, res) => res.end('ok'));
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    agents.push(agent);
    await (await request(url, { dispatcher: agent })).body.text(); // leaves an idle keep-alive connection
    const result = await drain.drain(5_000);
    expect(result.tookMs).toBeLessThan(2_000);
    await expect(request(url, { dispatcher: new Agent() })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers a request that arrives on a kept-alive connection while draining, with Connection: close', async () => {
    const { drain, server } = await serve((_req, res) => res.end('ok'));
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('GET /1 HTTP/1.1\r\nhost: x\r\n\r\n');
    while (!received.includes('\r\n\r\nok')) await sleep(10);
    expect(received).toMatch(/connection: keep-alive/i);
    received = '';
    const drained = drain.drain(5_000);
    socket.write('GET /2 HTTP/1.1\r\nhost: x\r\n\r\n');
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toMatch(/connection: close/i);
    expect((await drained).tookMs).toBeLessThan(2_000);
  });

  for (const [what, bytes] of [
    ['headers', 'POST / HTTP/1.1\r\nhost: x\r\n'],
    ['body', 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\nhalf'],
  ] as const) {
    it(`cuts a request with half-sent ${what} at the deadline instead of waiting for it`, async () => {
      const { drain, server } = await serve((req, res) => {
        req.resume();
        req.on('end', () => res.end('ok'));
      });
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(bytes);
      await sleep(100);
      const started = Date.now();
      await drain.drain(800);
      expect(Date.now() - started).toBeLessThan(2_000);
      await closed;
    });
  }
});
