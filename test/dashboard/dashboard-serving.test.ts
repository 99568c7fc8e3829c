/**
 * The control plane serves the dashboard's files at `/` with a CSP that allows no other host,
 * revalidated HTML and immutable hashed assets; says how to build it when it is missing; and
 * answers `GET /api/v1/whoami` with the token's name and role, never its secret.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane, ControlPlaneOptions } from '../../src/server/start-control-plane.js';

const ASSET = '/assets/index-AbC123.js';

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><script type="module" src="${ASSET}"></script>`);
  writeFileSync(join(dir, ASSET), 'console.log("dashboard")');
  writeFileSync(join(dir, 'assets', 'index-AbC123.css'), 'body{}');
  return dir;
}

async function plane(dashboard: ControlPlaneOptions['dashboard']): Promise<ControlPlane> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-dash-plane-'));
  const started = await startControlPlane({ dataDir, port: 0, dashboard });
  const close = started.close.bind(started);
  return {
    ...started,
    close: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the dashboard served by the control plane', () => {
  const web = fakeBuild();
  let built: ControlPlane;
  beforeAll(async () => {
    built = await plane({ dir: web });
  });
  afterAll(async () => {
    await built?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves index.html at / revalidated on each load, under a CSP that allows only this host', async () => {
    const response = await fetch(`${built.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "font-src 'self'",
      "frame-ancestors 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/https?:|\*|unsafe/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain(ASSET);
  });

  it('serves hashed assets with their type, cached for a year', async () => {
    const script = await fetch(`${built.url}${ASSET}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const style = await fetch(`${built.url}/assets/index-AbC123.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers a path outside the build with the API’s 404, and never serves a file outside it', async () => {
    expect((await fetch(`${built.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${built.url}/assets/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${built.url}/index.html/../../package.json`)).status).toBe(404);
  });

  it('tells a caller the name and role of its token, and nothing without one', async () => {
    const token = built.bootstrapToken ?? '';
    const viewer = await built.registry.createToken('pm-viewer', 'viewer', { actor: 'test' });
    const ask = (secret?: string) =>
      fetch(`${built.url}/api/v1/whoami`, secret ? { headers: { authorization: `Bearer ${secret}` } } : {});
    expect(await (await ask(token)).json()).toEqual({ name: 'admin', role: 'admin' });
    const body = await (await ask(viewer.token)).text();
    expect(JSON.parse(body)).toEqual({ name: 'pm-viewer', role: 'viewer' });
    expect(body).not.toContain(viewer.token);
    expect((await ask()).status).toBe(401);
    expect((await ask('rc_not-a-token')).status).toBe(401);
  });

  it('lists /whoami in the OpenAPI document with its response schema', async () => {
    const doc = (await (
      await fetch(`${built.url}/api/v1/openapi.json`, {
        headers: { authorization: `Bearer ${built.bootstrapToken ?? ''}` },
      })
    ).json()) as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    expect(doc.paths['/api/v1/whoami']?.get?.responses?.['200']).toBeDefined();
  });
});

describe('a control plane without a dashboard build', () => {
  it('answers / with 503 and how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ripcord-web-empty-'));
    const bare = await plane({ dir: join(empty, 'nothing-here') });
    try {
      const response = await fetch(`${bare.url}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build:web');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serves nothing at / when turned off', async () => {
    const off = await plane(false);
    try {
      expect((await fetch(`${off.url}/`)).status).toBe(404);
      expect((await fetch(`${off.url}/api/v1/whoami`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
