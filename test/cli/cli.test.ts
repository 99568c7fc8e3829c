import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import { testDatabases } from '../support/databases.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { runCli } from '../support/run-cli.js';

for (const database of await testDatabases())
  describe(`ripcord CLI against a running control plane on ${database.name}`, () => {
    let plane: ControlPlane;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ripcord-cli-'));
      const { url, schema } = database.connection();
      plane = await startControlPlane({ dataDir, port: 0, databaseUrl: url, databaseSchema: schema });
    });
    afterAll(async () => {
      await plane.close();
    });

    const run = (...args: string[]) => runCli(dataDir, args);

    it('writes an admin token on first start to a credentials file only its owner can read', () => {
      expect(plane.bootstrapToken).toMatch(/^rc_/);
      expect(statSync(join(dataDir, 'credentials')).mode & 0o777).toBe(0o600);
    });

    it('applies the example registry, then reports every document unchanged on a second apply', async () => {
      const first = await run('apply', '-f', 'examples/recommender/registry.yaml');
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toContain('release/recsys-v2-enc5 created');
      const second = await run('apply', '-f', 'examples/recommender/registry.yaml', '-o', 'json');
      const results = JSON.parse(second.stdout) as { result: string }[];
      expect(results.every((r) => r.result === 'unchanged')).toBe(true);
    });

    it('reports invalid manifests with file, line, column and path, and applies nothing', async () => {
      const file = join(dataDir, 'bad.yaml');
      writeFileSync(
        file,
        [
          'apiVersion: ripcord.dev/v1',
          'kind: Release',
          'metadata:',
          '  name: recsys-v3',
          'spec:',
          '  model: recsys',
          '  modelVersion: 2',
          '  serving:',
          '    backends:',
          '      - url: not-a-url',
          '---',
          'apiVersion: ripcord.dev/v1',
          'kind: Relaese',
          'metadata: { name: x }',
          'spec: {}',
        ].join('\n'),
      );
      const result = await run('apply', '-f', file);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `${file}:10:14: spec.serving.backends[0].url: give an absolute http(s) URL`,
      );
      expect(result.stderr).toContain(`${file}:13:7: kind: unknown kind "Relaese"`);
      const releases = await run('get', 'releases', '-o', 'json');
      expect(releases.stdout).not.toContain('recsys-v3');
    });

    it('lists and shows resources as table, JSON and YAML', async () => {
      const table = await run('get', 'releases');
      expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+MODEL\s+FEATURES/);
      expect(table.stdout).toMatch(/recsys-v1-enc4\s+recsys@1\s+item-encoder@4/);
      const json = JSON.parse((await run('get', 'release', 'recsys-v2-enc5', '-o', 'json')).stdout) as {
        features: unknown;
      };
      expect(json.features).toEqual([{ name: 'item-encoder', version: '5' }]);
      const yaml = await run('get', 'versions', 'recsys@2', '-o', 'yaml');
      expect(yaml.stdout).toContain('digest: sha256:bbbb');
      const describe = await run('describe', 'model', 'recsys');
      expect(describe.stdout).toContain('rollbackTarget:');
    });

    it('moves aliases with history, and a stale --revision loses with the current revision', async () => {
      expect(
        (await run('alias', 'set', 'recsys', 'production', 'recsys-v1-enc4', '--reason', 'launch')).code,
      ).toBe(0);
      expect(
        (await run('alias', 'set', 'recsys', 'production', 'recsys-v2-enc5', '--revision', '1')).code,
      ).toBe(0);
      const stale = await run('alias', 'set', 'recsys', 'production', 'recsys-v1-enc4', '--revision', '1');
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/error \(412\): alias "recsys\/production" is at revision 2, not 1/);
      const history = await run('alias', 'history', 'recsys', 'production');
      expect(history.stdout).toMatch(/recsys-v1-enc4\s+recsys-v2-enc5/);
      const now = new Date(Date.now() + 1000).toISOString();
      expect((await run('alias', 'history', 'recsys', 'production', '--at', now)).stdout).toContain(
        'recsys-v2-enc5',
      );
    });

    it('sets traffic through the client generated from the OpenAPI document: reason, --revision, errors', async () => {
      const set = await run(
        'traffic',
        'set',
        'recsys',
        '--stable',
        'recsys-v1-enc4',
        '--weight',
        'recsys-v2-enc5=5',
      );
      expect(set).toMatchObject({ code: 0, stderr: '' });
      const first = await run(
        'traffic',
        'set',
        'recsys',
        '--stable',
        'recsys-v1-enc4',
        '--reason',
        'calm',
        '-o',
        'json',
      );
      expect(JSON.parse(first.stdout)).toMatchObject({ model: 'recsys', weights: [], revision: 2 });
      const stale = await run('traffic', 'set', 'recsys', '--stable', 'recsys-v1-enc4', '--revision', '1');
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/error \(412\): traffic policy "recsys" is at revision 2, not 1/);
      const invalid = await run(
        'traffic',
        'set',
        'recsys',
        '--stable',
        'recsys-v1-enc4',
        '--weight',
        'x=140',
      );
      expect(invalid.stderr).toMatch(/error \(400\) \[weights\[0\]\.weight\]: .*percentages from 0 to 100/);
      const audit = await run('audit', '--action', 'traffic.set', '-o', 'json');
      expect((JSON.parse(audit.stdout) as { reason?: string }[]).map((e) => e.reason)).toContain('calm');
    });

    it('diffs releases per component and shows the audit trail', async () => {
      const diff = await run('diff', 'recsys-v1-enc4', 'recsys-v2-enc5');
      expect(diff.stdout).toContain('model     recsys@1 → recsys@2');
      expect(diff.stdout).toContain('item-encoder: 4 → 5');
      const audit = await run('audit', '--action', 'alias.set', '-o', 'json');
      const entries = JSON.parse(audit.stdout) as { actor: string; reason?: string }[];
      expect(entries[0]).toMatchObject({ actor: 'admin', reason: 'launch' });
    });

    it('creates tokens whose role is enforced', async () => {
      const created = await run('token', 'create', '--role', 'viewer', '--name', 'dashboard', '-o', 'json');
      const { token } = JSON.parse(created.stdout) as { token: string };
      const denied = await run('--token', token, 'alias', 'set', 'recsys', 'staging', 'recsys-v1-enc4');
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/error \(403\).*role viewer; this needs operator/);
      expect((await run('--token', token, 'get', 'models')).code).toBe(0);
    });

    it('exits 2 on usage errors and 1 when the server is unreachable', async () => {
      expect((await run('get', 'gizmos')).code).toBe(2);
      expect((await run('get', 'models', '-o', 'xml')).code).toBe(2);
      expect((await run('frobnicate')).code).toBe(2);
      expect((await run('--help')).code).toBe(0);
      const down = await run('--server', 'http://127.0.0.1:1', 'get', 'models');
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/cannot reach the control plane at http:\/\/127.0.0.1:1/);
    });
  });
