/** Authentication before the body is read, a 413 that names a real flag, and streams that end with their token. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';

describe('control plane API edges', () => {
  let plane: ControlPlane;
  const admin = { actor: 'test' };

  beforeAll(async () => {
    plane = await startControlPlane({
      dataDir: mkdtempSync(join(tmpdir(), 'ripcord-api-edge-')),
      port: 0,
      bodyLimit: 1024,
      plugins: standardPlugins({ gateway: { port: 0 } }).list,
    });
  });
  afterAll(async () => {
    await plane.close();
  });

  it('answers 401, not 400, to an unauthenticated request whose body is not JSON', async () => {
    const response = await plane.api.inject({
      method: 'POST',
      url: '/api/v1/apply',
      headers: { 'content-type': 'application/json' },
      payload: '{"kind": not json',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json<{ detail: string }>().detail).toMatch(/missing bearer token/);
  });

  it('answers 413 naming the --body-limit flag that `ripcord up` really has', async () => {
    const response = await plane.api.inject({
      method: 'POST',
      url: '/api/v1/apply',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${plane.bootstrapToken}` },
      payload: JSON.stringify({ documents: 'x'.repeat(4096) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json<{ detail: string }>().detail).toContain('ripcord up --body-limit');
    const up = (await buildProgram({ stdout: () => undefined, stderr: () => undefined })).commands.find(
      (c) => c.name() === 'up',
    );
    expect(up?.options.map((o) => o.long)).toContain('--body-limit');
  });

  it('ends the open event streams of a token when it is revoked', async () => {
    const { token, info } = await plane.registry.createToken('follower', 'viewer', admin);
    const response = await request(`${plane.url}/api/v1/routing/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    expect(response.statusCode).toBe(200);
    const chunks = response.body[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false); // the first snapshot
    const ended = (async () => {
      for (;;) if ((await chunks.next()).done) return 'ended';
    })().catch(() => 'ended');
    await plane.registry.revokeToken(info.id, admin);
    const outcome = await Promise.race([ended, new Promise((r) => setTimeout(() => r('still open'), 3_000))]);
    expect(outcome).toBe('ended');
  });
});
