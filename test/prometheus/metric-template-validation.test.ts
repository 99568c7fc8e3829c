/**
 * Metric templates are compiled when a rollout is submitted: POST /rollouts answers 400 naming
 * the template's field (a condition that does not parse, a query naming an argument that is not
 * declared), and nothing starts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane, type ControlPlane } from '../../src/server/start-control-plane.js';
import { documentStore } from '../../src/store/document-store.js';
import { admin, seedRecommender } from '../support/fixtures.js';

describe('metric templates compiled when a rollout is submitted', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await startControlPlane({
      dataDir: mkdtempSync(join(tmpdir(), 'ripcord-templates-')),
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 }, controller: { tickMs: 100 } }).list,
    });
    await seedRecommender(plane.registry);
    await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', admin);
    await plane.registry.setTrafficPolicy({ model: 'recsys', stable: 'recsys-v1-enc4' }, admin);
  });
  afterAll(async () => plane.close());

  const post = async (analysis: Record<string, unknown>) => {
    const response = await request(`${plane.url}/api/v1/rollouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plane.bootstrapToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'recsys-v2',
        model: 'recsys',
        release: 'recsys-v2-enc5',
        canary: { steps: [{ setWeight: 5 }, { pause: {} }] },
        analysis: { triggers: ['hard: error rate up > 50%'], ...analysis },
      }),
    });
    return { status: response.statusCode, problem: (await response.body.json()) as Record<string, unknown> };
  };

  const metric = (extra: Record<string, unknown>) => ({
    name: 'error-rate',
    provider: {
      prometheus: {
        address: 'http://prometheus:9090',
        query: 'sum(rate(ripcord_requests_total{release="{{args.candidate}}",outcome!="ok"}[1m]))',
      },
    },
    interval: '30s',
    count: 5,
    ...extra,
  });

  it('answers 400 naming spec.analysis.metrics[i].successCondition and the query with an unknown argument', async () => {
    const { status, problem } = await post({
      metrics: [
        metric({ successCondition: 'result[0] < 0.05' }),
        metric({ name: 'p99', successCondition: 'result[0] <' }),
        metric({
          name: 'by-namespace',
          provider: {
            prometheus: { address: 'http://prometheus:9090', query: 'up{ns="{{args.namespace}}"}' },
          },
        }),
      ],
    });
    expect(status).toBe(400);
    const errors = problem['errors'] as { field: string; detail: string }[];
    expect(errors.map((e) => e.field)).toEqual([
      'analysis.metrics[1].successCondition',
      'analysis.metrics[2].provider.prometheus.query',
    ]);
    expect(errors[1]?.detail).toContain('{{args.namespace}} is not defined');
    expect(await documentStore(plane.store, 'rollout').list()).toHaveLength(0);
  });

  it('refuses a Prometheus source with an inline token, naming the field to use instead', async () => {
    const { status, problem } = await post({
      provider: { prometheus: { address: 'http://prometheus:9090', bearerToken: 's3cret' } },
    });
    expect(status).toBe(400);
    expect(JSON.stringify(problem)).toContain('analysis.provider.prometheus');
    expect(JSON.stringify(problem)).not.toContain('s3cret');
  });
});
