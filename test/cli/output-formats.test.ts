/**
 * `-o table|wide|name|json|yaml|jsonpath=…` on the read verbs, against a running control plane
 * with the example registry applied: kubectl's formats, each answering as a kubectl user expects.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { runCli } from '../support/run-cli.js';

describe('read verbs print every -o format', () => {
  let plane: ControlPlane;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-output-'));
    const parts = standardPlugins({ gateway: { port: 0, host: '127.0.0.1' } });
    plane = await startControlPlane({ dataDir, port: 0, plugins: parts.list });
    expect((await run('apply', '-f', 'examples/recommender/registry.yaml')).code).toBe(0);
    expect((await run('alias', 'set', 'recsys', 'production', 'recsys-v1-enc4')).code).toBe(0);
  });
  afterAll(async () => {
    await plane.close();
  });

  const run = (...args: string[]) => runCli(dataDir, args);

  const lines = (text: string): string[] => text.split('\n').filter(Boolean);

  it('get -o name prints KIND/NAME a line, in the form get takes back', async () => {
    expect(lines((await run('get', 'releases', '-o', 'name')).stdout)).toEqual(
      expect.arrayContaining(['release/recsys-v1-enc4', 'release/recsys-v2-enc5']),
    );
    const versions = lines((await run('get', 'versions', '-o', 'name')).stdout);
    expect(versions).toEqual(expect.arrayContaining(['version/recsys@1', 'version/recsys@2']));
    const back = await run('get', 'version', versions[0]!.split('/')[1]!, '-o', 'name');
    expect(back.stdout).toBe(`${versions[0]}\n`);
    expect((await run('get', 'models', '-o', 'name')).stdout).toBe('model/recsys\n');
    expect((await run('get', 'aliases', '-o', 'name')).stdout).toBe('alias/recsys:production\n');
    expect(lines((await run('get', 'features', '-o', 'name')).stdout)[0]).toMatch(/^feature\/item-encoder@/);
    expect((await run('get', 'tokens', '-o', 'name')).stdout).toMatch(/^token\/\S+\n$/);
  });

  it('get -o wide adds columns to the table', async () => {
    const table = lines((await run('get', 'versions')).stdout)[0]!;
    const wide = lines((await run('get', 'versions', '-o', 'wide')).stdout)[0]!;
    expect(table).not.toContain('ARTIFACT');
    expect(wide).toMatch(/FRAMEWORK\s+DATASET\s+ARTIFACT/);
    expect(lines((await run('get', 'releases', '-o', 'wide')).stdout)[0]).toContain('CREATED BY');
    expect(lines((await run('get', 'models', '-o', 'wide')).stdout)[0]).toContain('DESCRIPTION');
  });

  it('get -o jsonpath reads the document -o json prints, with kubectl template syntax', async () => {
    const names = await run('get', 'releases', '-o', 'jsonpath={[*].name}');
    expect(names.stdout.trim().split(' ').sort()).toEqual(['recsys-v1-enc4', 'recsys-v2-enc5']);
    const range = await run(
      'get',
      'releases',
      '-o',
      'jsonpath={range [*]}{.name}{"\\t"}{.modelVersion}{"\\n"}{end}',
    );
    expect(lines(range.stdout)).toEqual(expect.arrayContaining(['recsys-v1-enc4\t1', 'recsys-v2-enc5\t2']));
    const one = await run('get', 'release', 'recsys-v2-enc5', '-o', 'jsonpath={.features[0].version}');
    expect(one.stdout).toBe('5\n');
    const filtered = await run('get', 'versions', '-o', 'jsonpath={[?(@.version==2)].digest}');
    expect(filtered.stdout).toMatch(/^sha256:b/);
  });

  it('describe, audit and token list take name and jsonpath too', async () => {
    expect((await run('describe', 'release', 'recsys-v2-enc5', '-o', 'name')).stdout).toBe(
      'release/recsys-v2-enc5\n',
    );
    expect((await run('describe', 'model', 'recsys', '-o', 'jsonpath={.model.name}')).stdout).toBe(
      'recsys\n',
    );
    const audit = lines((await run('audit', '-o', 'name')).stdout);
    expect(audit.length).toBeGreaterThan(3);
    expect(audit.every((l) => /^audit\/\d+$/.test(l))).toBe(true);
    expect((await run('audit', '-o', 'jsonpath={[0].actor}')).stdout.trim()).not.toBe('');
    expect((await run('token', 'list', '-o', 'wide')).stdout).toMatch(/^ID\s+NAME\s+ROLE/);
  });

  it('rollout list and incident list take the formats too (none yet: empty, or the table says so)', async () => {
    expect(await run('rollout', 'list', '-o', 'name')).toMatchObject({ code: 0, stdout: '' });
    expect(await run('incident', 'list', '-o', 'name')).toMatchObject({ code: 0, stdout: '' });
    expect(await run('get', 'rollouts', '-o', 'wide')).toMatchObject({
      code: 0,
      stdout: 'No resources found.\n',
    });
    expect(await run('get', 'incidents', '-o', 'jsonpath={[*].id}')).toMatchObject({ code: 0, stdout: '' });
  });

  it('refuses an unknown format, a bare jsonpath and a malformed template with exit 2', async () => {
    const unknown = await run('get', 'models', '-o', 'xml');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      '-o/--output must be one of table, wide, name, json, yaml, jsonpath=TEMPLATE',
    );
    const bare = await run('get', 'models', '-o', 'jsonpath');
    expect(bare).toMatchObject({ code: 2, stdout: '' });
    expect(bare.stderr).toContain('-o jsonpath needs a template');
    const open = await run('get', 'models', '-o', 'jsonpath={.name');
    expect(open).toMatchObject({ code: 2, stdout: '' });
    expect(open.stderr).toContain('is never closed');
  });
});
