/**
 * The HAProxy router against a real HAProxy (Debian's package): weights set through the Runtime
 * API move real requests with no reload, are read back to confirm, and the per-release counters
 * come from HAProxy's own stats.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficPolicy } from '../../src/registry/traffic-policy.js';
import { committedPolicy } from '../support/committed-policy.js';
import { haproxyRouter } from '../../src/traffic/haproxy/haproxy-router.js';
import { readReleaseCounters } from '../../src/traffic/haproxy/haproxy-stats.js';
import { runtimeApi } from '../../src/traffic/haproxy/runtime-api.js';
import { runTrafficRouterContract } from '../../src/traffic/traffic-router.contract.js';
import { TrafficNotAppliedError } from '../../src/traffic/traffic-router.js';
import { realTool } from '../support/real-tool.js';

const haproxy = realTool('haproxy', 'apt-get install haproxy');

interface Running {
  port: number;
  socket: string;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Two model servers (v1 answers 200, v2 answers 500) behind a real HAProxy with an admin socket. */
async function startHaproxy(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-haproxy-'));
  const v1 = createServer((_, res) => res.writeHead(200).end('v1'));
  const v2 = createServer((_, res) => res.writeHead(500).end('v2'));
  const [p1, p2] = [await listen(v1), await listen(v2)];
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const socket = join(dir, 'admin.sock');
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `global
  stats socket ${socket} mode 600 level admin
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend fe
  bind 127.0.0.1:${port}
  default_backend recsys
backend recsys
  balance roundrobin
  server recsys-v1 127.0.0.1:${p1} weight 100
  server recsys-v2 127.0.0.1:${p2} weight 0
`,
  );
  const child: ChildProcess = spawn(haproxy.path!, ['-db', '-f', join(dir, 'haproxy.cfg')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const api = runtimeApi(socket);
  for (let i = 0; i < 100; i += 1) {
    if ((await api.run(['show info']).catch(() => '')).includes('Name: HAProxy')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    socket,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      v1.close();
      v2.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const get = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/predict', agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });

const policyFor = (revision: number, canary: number): TrafficPolicy =>
  committedPolicy('recsys', revision, { weights: canary ? [{ release: 'recsys-v2', weight: canary }] : [] });

const models = { recsys: { backend: 'recsys' } };

describe.skipIf(haproxy.skip)('haproxy router (real HAProxy)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startHaproxy();
  });
  afterAll(() => running.stop());

  runTrafficRouterContract('haproxy', () => {
    let revision = 100;
    return Promise.resolve({
      subject: haproxyRouter({ socket: running.socket, models }),
      commit: () => policyFor((revision += 1), 10),
      close: () => Promise.resolve(),
    });
  });

  it('moves real requests by the weights it sets, with no reload, and reads them back', async () => {
    const router = haproxyRouter({ socket: running.socket, models });
    await router.apply(policyFor(1, 50));
    await router.applied('recsys', 1);
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(running.port)));
    expect(answers.filter((a) => a === 'v2').length).toBe(20);
    await router.apply(policyFor(2, 0));
    await router.applied('recsys', 2);
    const after = await Promise.all(Array.from({ length: 20 }, () => get(running.port)));
    expect(new Set(after)).toEqual(new Set(['v1']));
    const weights = await runtimeApi(running.socket).run([
      'get weight recsys/recsys-v1',
      'get weight recsys/recsys-v2',
    ]);
    expect(weights).toContain('100 (initial 100)');
    expect(weights).toContain('0 (initial 0)');
  });

  it('never leaves the backend without a server during a flip: the server gaining traffic is set first', async () => {
    const real = runtimeApi(running.socket);
    const sent: string[] = [];
    const recording = {
      address: real.address,
      run: (commands: readonly string[], signal?: AbortSignal) => (
        sent.push(...commands),
        real.run(commands, signal)
      ),
    };
    const router = haproxyRouter({ socket: recording, models });
    await router.apply(policyFor(10, 100));
    await router.applied('recsys', 10);
    expect(sent.filter((c) => c.startsWith('set weight'))).toEqual([
      'set weight recsys/recsys-v2 100',
      'set weight recsys/recsys-v1 0',
    ]);
    sent.length = 0;
    await router.apply(policyFor(11, 0));
    await router.applied('recsys', 11);
    expect(sent.filter((c) => c.startsWith('set weight'))).toEqual([
      'set weight recsys/recsys-v1 100',
      'set weight recsys/recsys-v2 0',
    ]);
    expect(new Set(await Promise.all(Array.from({ length: 10 }, () => get(running.port))))).toEqual(
      new Set(['v1']),
    );
  });

  it("reads outcome and latency per release from HAProxy's stats", async () => {
    const api = runtimeApi(running.socket);
    const before = await readReleaseCounters(api, models.recsys);
    const router = haproxyRouter({ socket: api, models });
    await router.apply(policyFor(3, 50));
    await Promise.all(Array.from({ length: 10 }, () => get(running.port)));
    const after = await readReleaseCounters(api, models.recsys);
    const delta = (release: string, field: 'responses' | 'errors') =>
      after.find((c) => c.release === release)![field] - before.find((c) => c.release === release)![field];
    expect(delta('recsys-v1', 'responses')).toBe(5);
    expect(delta('recsys-v1', 'errors')).toBe(0);
    expect(delta('recsys-v2', 'responses')).toBe(5);
    expect(delta('recsys-v2', 'errors')).toBe(5);
    expect(after.every((c) => c.avgResponseMs >= 0)).toBe(true);
  });

  it('fails the step naming the server when HAProxy refuses it, and confirms nothing it did not set', async () => {
    const router = haproxyRouter({
      socket: running.socket,
      models: { recsys: { backend: 'recsys', servers: { 'recsys-v2': 'missing' } } },
    });
    const error = await router.apply(policyFor(4, 10)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrafficNotAppliedError);
    expect((error as Error).message).toMatch(
      /^haproxy: set weight on haproxy backend recsys at .* refused: No such server\./,
    );
    await expect(
      haproxyRouter({ socket: running.socket, models, deadlineMs: 50 }).applied('recsys', 9),
    ).rejects.toThrow(/policy revision 9 was not set here \(last set: none\)/);
  });
});
