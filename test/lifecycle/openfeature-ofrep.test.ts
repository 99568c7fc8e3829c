/**
 * ripcord's flags through OpenFeature: the official server SDK with its OFREP provider (from npm)
 * against a real control plane sees the encoder flag a rollback turns off.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlagExecutor } from '../../src/actions/executors/flag/flag-executor.js';
import { readCredentials } from '../../src/server/credentials.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { admin } from '../support/fixtures.js';

describe('OpenFeature (OFREP) over ripcord flags', () => {
  let plane: ControlPlane;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-ofrep-'));
    plane = await startControlPlane({ dataDir, port: 0 });
    const credentials = readCredentials(dataDir);
    baseUrl = `${credentials!.server}/api/v1`;
    token = credentials!.token;
    await plane.registry.setFlag('item-encoder@5', true, admin);
    await plane.registry.setFlag('item-encoder@4', true, admin);
    await OpenFeature.setProviderAndWait(
      new OFREPProvider({ baseUrl, headers: [['authorization', `Bearer ${token}`]] }),
    );
  });
  afterAll(async () => {
    await OpenFeature.close();
    await plane.close();
  });

  it('an application sees the encoder flag the rollback turned off', async () => {
    const client = OpenFeature.getClient('recsys-app');
    expect(await client.getBooleanDetails('item-encoder@5', false)).toMatchObject({
      value: true,
      variant: 'on',
      reason: 'STATIC',
    });
    await createFlagExecutor(plane.registry, 'item-encoder@5').apply(
      {
        eventId: 'evt_217',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        target: 'recsys-v1-enc4',
        trigger: 'manual',
        reason: 'encoder 5 collapsed diversity',
        role: 'production',
        actor: 'controller',
        decidedAt: Date.UTC(2026, 0, 1, 2, 17),
      },
      new AbortController().signal,
    );
    expect(await client.getBooleanValue('item-encoder@5', true)).toBe(false);
    expect(await client.getBooleanValue('item-encoder@4', false)).toBe(true);
  });

  it('a flag ripcord does not have gives the default with FLAG_NOT_FOUND', async () => {
    const details = await OpenFeature.getClient().getBooleanDetails('item-encoder@9', true);
    expect(details).toMatchObject({ value: true, errorCode: 'FLAG_NOT_FOUND', reason: 'ERROR' });
  });

  it('bulk evaluation lists every flag; without a token the API refuses', async () => {
    const bulk = await fetch(`${baseUrl}/ofrep/v1/evaluate/flags`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ context: { targetingKey: 'user-1' } }),
    });
    expect(bulk.status).toBe(200);
    const body = (await bulk.json()) as { flags: { key: string; value: boolean }[] };
    expect(body.flags.map((f) => [f.key, f.value])).toEqual([
      ['item-encoder@4', true],
      ['item-encoder@5', false],
    ]);
    const anonymous = await fetch(`${baseUrl}/ofrep/v1/evaluate/flags/item-encoder@4`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});
