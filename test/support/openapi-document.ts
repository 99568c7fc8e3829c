/**
 * The control plane's whole OpenAPI document (registry routes and every standard plugin's), read
 * from a running control plane, and the TypeScript types openapi-typescript generates from it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';

export const GENERATED_TYPES = new URL('../../src/api/generated/openapi-types.ts', import.meta.url);

export async function fullOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-openapi-'));
  const plane = await startControlPlane({
    dataDir,
    port: 0,
    plugins: standardPlugins({ gateway: { port: 0 } }).list,
  });
  try {
    const res = await plane.api.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    return res.json<Record<string, unknown>>();
  } finally {
    await plane.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What `npm run openapi:types` writes to src/api/generated/openapi-types.ts. */
export async function generatedTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  const text =
    "/**\n * Generated from the control plane's OpenAPI document by `npm run openapi:types`; do not edit.\n" +
    ' * test/api/openapi-client.test.ts fails when it no longer matches the served document.\n */\n' +
    astToString(ast);
  const filepath = GENERATED_TYPES.pathname;
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}
