import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer } from '../../src/demo/model-server/index.js';
import type { ModelServer } from '../../src/demo/model-server/index.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';
import { admin, seedRecommender } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

describe('ripcord rollout verbs against a control plane with gateway and controller', () => {
  let plane: ControlPlane;
  let dataDir: string;
  const servers: ModelServer[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ripcord-rollout-cli-'));
    servers.push(await startModelServer({ version: 'v1' }), await startModelServer({ version: 'v2' }));
    plane = await startControlPlane({
      dataDir,
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 100 } }).list,
    });
    await seedRecommender(plane.registry, { v1: servers[0]?.url ?? '', v2: servers[1]?.url ?? '' });
    await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
  });
  afterAll(async () => {
    await plane.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  const run = (...args: string[]) => runCli(dataDir, args);

  it('starts a rollout from a manifest, watches it, and aborts it from another command', async () => {
    const file = join(dataDir, 'rollout.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: ripcord.dev/v1',
        'kind: Rollout',
        'metadata: { name: recsys-v2 }',
        'spec:',
        '  model: recsys',
        '  release: recsys-v2-enc5',
        '  canary: { steps: [{ setWeight: 5 }, { pause: {} }] }',
        "  analysis: { triggers: ['hard: error rate > 5% for 10s'] }",
      ].join('\n'),
    );
    const started = await run('rollout', 'start', '-f', file);
    expect(started).toMatchObject({ code: 0, stdout: 'rollout/recsys-v2 created\n' });
    const status = await run('rollout', 'status', 'recsys-v2');
    expect(status.stdout).toMatch(/phase\s+Paused/);
    expect(status.stdout).toContain('rollback → recsys-v1-enc4');

    const watching = run('rollout', 'status', 'recsys-v2', '--watch');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const aborted = await run('rollout', 'abort', 'recsys-v2', '--reason', 'wrong build');
    expect(aborted.code).toBe(0);
    const watched = await watching;
    // A watched rollout that ends Aborted exits non-zero, so CI can gate on it.
    expect(watched.code).toBe(1);
    expect(watched.stdout).toMatch(/aborted by admin: wrong build/);
    expect(watched.stderr).toMatch(/^rollout recsys-v2 ended Aborted: /);

    const again = await run('rollout', 'abort', 'recsys-v2');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error \(409\): cannot abort rollout "recsys-v2": it is Aborted/);
    expect((await plane.registry.getTrafficPolicy('recsys'))?.weights).toEqual([]);
  });

  it('rollback --dry-run shows each step the rollback would take and changes nothing', async () => {
    const file = join(dataDir, 'rollout-dry.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: ripcord.dev/v1',
        'kind: Rollout',
        'metadata: { name: recsys-v2-dry }',
        'spec:',
        '  model: recsys',
        '  release: recsys-v2-enc5',
        '  canary: { steps: [{ setWeight: 5 }, { pause: {} }] }',
        "  analysis: { triggers: ['hard: error rate > 5% for 10s'] }",
      ].join('\n'),
    );
    expect((await run('rollout', 'start', '-f', file)).code).toBe(0);
    const before = await plane.registry.getTrafficPolicy('recsys');
    const auditBefore = (await plane.registry.audit({})).length;

    const dry = await run('rollout', 'rollback', 'recsys-v2-dry', '--dry-run');
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(
      /^dry run: rolling back recsys-v2-enc5 → recsys-v1-enc4 would change \d of \d systems/,
    );
    expect(dry.stdout).toMatch(/1\. traffic\s+change\s+.*recsys-v1-enc4/);
    expect(dry.stdout).toMatch(/alias:production\s+none/);
    expect(dry.stdout).toMatch(/mark-release\s+change/);

    const json = await run(
      'rollout',
      'rollback',
      'recsys-v2-dry',
      '--dry-run',
      '--to',
      'recsys-v1-enc4',
      '-o',
      'json',
    );
    const preview = JSON.parse(json.stdout) as {
      target: string;
      steps: { name: string; changes: boolean }[];
    };
    expect(preview.target).toBe('recsys-v1-enc4');
    expect(preview.steps.map((step) => step.name).slice(0, 3)).toEqual([
      'traffic',
      'alias:production',
      'mark-release',
    ]);

    // Nothing moved: the canary keeps its 5 %, no incident opened, no audit entry written.
    expect(await plane.registry.getTrafficPolicy('recsys')).toEqual(before);
    expect((await run('rollout', 'status', 'recsys-v2-dry')).stdout).toMatch(/phase\s+Paused/);
    expect((await run('incident', 'list', '-o', 'json')).stdout.trim()).toBe('[]');
    expect((await plane.registry.audit({})).length).toBe(auditBefore);

    const itself = await run('rollout', 'rollback', 'recsys-v2-dry', '--dry-run', '--to', 'recsys-v2-enc5');
    expect(itself.code).toBe(1);
    expect(itself.stderr).toMatch(/to: cannot roll recsys-v2-enc5 back to itself/);
    expect((await run('rollout', 'abort', 'recsys-v2-dry')).code).toBe(0);
  });

  it('refuses a rollout without a healthy rollback target, with the reason (409)', async () => {
    await servers[0]?.close();
    const file = join(dataDir, 'rollout-2.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: ripcord.dev/v1',
        'kind: Rollout',
        'metadata: { name: recsys-v2-b }',
        'spec:',
        '  model: recsys',
        '  release: recsys-v2-enc5',
        '  canary: {}',
        "  analysis: { triggers: ['hard: error rate > 5% for 10s'] }",
      ].join('\n'),
    );
    const refused = await run('rollout', 'start', '-f', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /error \(409\): refusing to start: rollback target "recsys-v1-enc4" is not healthy/,
    );
  });
});
