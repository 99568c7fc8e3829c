/**
 * HTTPS end to end with a self-signed certificate made here: the API and the gateway of
 * `ripcord up`, the CLI trusting it with --ca, and a remote gateway following it over HTTPS while
 * serving HTTPS itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import type { GatewayPlugin } from '../../src/server/gateway-plugin.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';

const dir = mkdtempSync(join(tmpdir(), 'ripcord-tls-'));
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');

async function cli(args: string[], untilSignal?: () => Promise<void>) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ripcord', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    ...(untilSignal ? { untilSignal } : {}),
  });
  return { code, stdout, stderr };
}

describe('TLS', () => {
  let plane: ControlPlane;
  let gateway: GatewayPlugin;
  let trusting: Agent;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const tls = { cert: readFileSync(cert), key: readFileSync(key) };
    const parts = standardPlugins({ gateway: { port: 0, tls } });
    gateway = parts.gateway;
    plane = await startControlPlane({ dataDir: join(dir, 'data'), port: 0, tls, plugins: parts.list });
    trusting = new Agent({ connect: { ca: readFileSync(cert, 'utf8') } });
  });
  afterAll(async () => {
    await trusting.close();
    await plane.close();
  });

  it('serves the API and the gateway over HTTPS', async () => {
    expect(plane.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const api = await request(`${plane.url}/api/v1/healthz`, { dispatcher: trusting });
    expect(api.statusCode).toBe(200);
    await api.body.dump();
    expect(gateway.url()).toMatch(/^https:/);
    const live = await request(`${gateway.url()}/healthz`, { dispatcher: trusting });
    expect(live.statusCode).toBe(200);
    await live.body.dump();
  });

  it('lets the CLI trust a private CA with --ca, and refuses an untrusted certificate', async () => {
    const token = plane.bootstrapToken!;
    const trusted = await cli(['get', 'models', '--server', plane.url, '--token', token, '--ca', cert]);
    expect(trusted.code, trusted.stderr).toBe(0);
    const untrusted = await cli(['get', 'models', '--server', plane.url, '--token', token]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/cannot reach the control plane .*(self.signed|certificate)/i);
  });

  it('runs a remote gateway that follows the control plane over HTTPS and serves HTTPS', async () => {
    const { token } = await plane.registry.createToken('edge', 'viewer', { actor: 'test' });
    const run = await cli(
      [
        'gateway',
        '--control-plane',
        plane.url,
        '--token',
        token,
        '--ca',
        cert,
        '--tls-cert',
        cert,
        '--tls-key',
        key,
        '--port',
        '0',
      ],
      () => new Promise((resolve) => setTimeout(resolve, 300)),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/gateway on https:\/\/127\.0\.0\.1:\d+ following https:/);
    expect(run.stderr).toBe('');
  });
});
