/**
 * `ripcord import -f`: the examples of Argo Rollouts' and Flagger's own documentation (kept as
 * published in fixtures/) become valid ripcord Rollouts, and what could not be converted is said.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { RolloutSpecSchema } from '../../src/controller/rollout-spec.js';
import { importDocuments, importFile } from '../../src/import/import-file.js';
import type { RolloutManifest } from '../../src/import/conversion.js';

const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);

/** The input passes Argo's published schema (@kubernetes-models/argo-rollouts). */
function validArgo(name: string): void {
  for (const doc of parseAllDocuments(readFileSync(fixture(name), 'utf8'))) {
    const value = doc.toJS() as { kind: string };
    const model =
      value.kind === 'Rollout' ? new Rollout(value as never) : new AnalysisTemplate(value as never);
    expect(() => model.validate(), `${name}: ${value.kind}`).not.toThrow();
  }
}

/** The output is a Rollout `ripcord apply` takes. */
function validRipcord(manifest: RolloutManifest): void {
  const parsed = RolloutSpecSchema.safeParse({ name: manifest.metadata.name, ...manifest.spec });
  expect(parsed.error?.issues ?? []).toEqual([]);
}

describe('ripcord import -f (Argo Rollouts)', () => {
  it('converts the canary example of features/canary.md: weights, timed and indefinite pauses', () => {
    validArgo('argo-canary.yaml');
    const { manifest, notConverted } = importFile(fixture('argo-canary.yaml'), { release: 'nginx-1-15-4' });
    validRipcord(manifest);
    expect(manifest).toEqual({
      apiVersion: 'ripcord.dev/v1',
      kind: 'Rollout',
      metadata: { name: 'example-rollout' },
      spec: {
        model: 'example-rollout',
        release: 'nginx-1-15-4',
        canary: {
          steps: [{ setWeight: 10 }, { pause: { duration: '1h' } }, { setWeight: 20 }, { pause: {} }],
        },
        analysis: { triggers: ['hard: error rate up > 50%', 'hard: p95 latency up > 30% for 5m'] },
      },
    });
    expect(notConverted).toEqual([
      'spec.strategy.canary.maxSurge: shapes pods in the cluster; ripcord leaves it to Argo',
      'spec.strategy.canary.maxUnavailable: shapes pods in the cluster; ripcord leaves it to Argo',
      "spec.analysis.triggers: no metric converted; ripcord's recommended triggers were written (hard: error rate up > 50%; hard: p95 latency up > 30% for 5m): review them",
    ]);
  });

  it('turns the success-rate AnalysisTemplate of analysis.md into an error-rate trigger over its range', () => {
    validArgo('argo-background-analysis.yaml');
    const { manifest, notConverted } = importFile(fixture('argo-background-analysis.yaml'), {
      release: 'guestbook-v2',
    });
    validRipcord(manifest);
    expect(manifest.spec['analysis']).toEqual({
      triggers: ['hard: error rate > 5% over 5m'],
      consecutiveBreaches: 4,
    });
    expect((manifest.spec['canary'] as { steps: unknown[] }).steps).toHaveLength(8);
    expect(notConverted).toEqual([
      'spec.strategy.canary.analysis.startingStep: ripcord judges from the first step, not from step 2',
    ]);
  });

  it('converts an analysis step, and the success-rate and error-rate templates together', () => {
    validArgo('argo-analysis-step.yaml');
    const step = importFile(fixture('argo-analysis-step.yaml'), { release: 'guestbook-v2' });
    validRipcord(step.manifest);
    expect((step.manifest.spec['canary'] as { steps: unknown[] }).steps).toEqual([
      { setWeight: 20 },
      { pause: { duration: '5m' } },
      { analysis: { duration: '1m' } },
    ]);
    expect(step.notConverted).toEqual([
      'spec.strategy.canary.steps[2].analysis: Argo takes a single measurement here; ripcord judges the step for 1m (set analysis.duration to the span you want)',
    ]);

    validArgo('argo-multiple-templates.yaml');
    const both = importFile(fixture('argo-multiple-templates.yaml'), { release: 'guestbook-v2' });
    validRipcord(both.manifest);
    expect((both.manifest.spec['analysis'] as { triggers: string[] }).triggers).toEqual([
      'hard: error rate > 5% over 5m',
      'hard: error rate > 95% over 5m',
    ]);
  });

  it('reads a latency quantile in seconds or milliseconds, and refuses what it cannot read', () => {
    const template = (name: string, condition: string, query: string): string => `---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: { name: ${name} }
spec:
  metrics:
  - name: ${name}
    ${condition}
    provider:
      prometheus: { address: "http://prometheus:9090", query: '${query}' }
`;
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: ranker }
spec:
  strategy:
    canary:
      analysis: { templates: [{ templateName: p95 }, { templateName: p99 }, { templateName: errors }, { templateName: missing }] }
      steps: [{ setWeight: 5 }, { setCanaryScale: { replicas: 3 } }, { pause: { duration: 90 } }]
${template('p95', 'successCondition: result[0] < 0.3', 'histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[2m])) by (le))')}${template('p99', 'failureCondition: result >= 500', 'histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket[1m])) by (le))')}${template('errors', 'failureCondition: result >= 10', 'sum(irate(istio_requests_total{response_code=~"5.*"}[5m]))')}`;
    const { manifest, notConverted } = importDocuments(text, 'inline', { release: 'ranker-v2' });
    validRipcord(manifest);
    expect((manifest.spec['analysis'] as { triggers: string[] }).triggers).toEqual([
      'hard: p95 latency >= 300ms over 2m',
      'hard: p99 latency >= 500ms over 1m',
    ]);
    expect((manifest.spec['canary'] as { steps: unknown[] }).steps).toEqual([
      { setWeight: 5 },
      { pause: { duration: '90s' } },
    ]);
    expect(notConverted).toEqual([
      'AnalysisTemplate errors metric errors: only success rates, error rates (a ratio over 5xx responses) and histogram_quantile latencies are converted',
      'spec.strategy.canary.analysis: AnalysisTemplate "missing" is not in the file; add it (---) to convert its metrics',
      'spec.strategy.canary.steps[1]: setCanaryScale has no ripcord step (setWeight, pause and analysis are converted)',
    ]);
  });
});

describe('ripcord import -f (Flagger)', () => {
  it('converts the Canary of tutorials/istio-progressive-delivery.md: ramp, built-in metrics, threshold', () => {
    const { manifest, notConverted } = importFile(fixture('flagger-istio-canary.yaml'), {
      release: 'podinfo-3-1-1',
    });
    validRipcord(manifest);
    expect(manifest.metadata).toEqual({ name: 'podinfo' });
    expect(manifest.spec['model']).toBe('podinfo');
    const pause = { pause: { duration: '1m' } };
    expect(manifest.spec['canary']).toEqual({
      steps: [10, 20, 30, 40, 50].flatMap((w) => [{ setWeight: w }, pause]),
    });
    expect(manifest.spec['analysis']).toEqual({
      triggers: ['hard: error rate > 1% over 1m', 'hard: p99 latency > 500ms over 30s'],
      consecutiveBreaches: 5,
    });
    expect(notConverted.map((n) => n.split(':')[0])).toEqual([
      'spec.analysis.webhooks[0] (acceptance-test, pre-rollout)',
      'spec.analysis.webhooks[1] (load-test, rollout)',
      'spec.service',
    ]);
  });
});

describe('ripcord import -f on the command line', () => {
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['node', 'ripcord', 'import', ...args], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  it('prints YAML by default, JSON with -o json, takes --model and --release, exits 3 when parts were left out', async () => {
    const yaml = await run('-f', fixture('flagger-istio-canary.yaml'));
    expect(yaml.code).toBe(3);
    expect(parse(yaml.stdout)).toMatchObject({
      kind: 'Rollout',
      spec: { model: 'podinfo', release: 'podinfo-canary' },
    });
    expect(yaml.stderr).toContain('not converted (4):');
    expect(yaml.stderr).toContain('spec.release: set to "podinfo-canary"');

    const json = await run(
      '-f',
      fixture('argo-background-analysis.yaml'),
      '--model',
      'recsys',
      '--release',
      'recsys-v2',
      '-o',
      'json',
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ spec: { model: 'recsys', release: 'recsys-v2' } });
    expect(json.code).toBe(3);
  });

  it('exits 0 when everything converted, 1 on a file it cannot convert', async () => {
    const text = readFileSync(fixture('argo-background-analysis.yaml'), 'utf8').replace(
      /\s+startingStep: 2.*\n.*\n/,
      '\n',
    );
    const { manifest, notConverted } = importDocuments(text, 'inline', { release: 'guestbook-v2' });
    expect(notConverted).toEqual([]);
    validRipcord(manifest);
    const missing = await run('-f', fixture('nope.yaml'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/import: cannot read .*nope\.yaml/);
    const deployment = await run(
      '-f',
      join(import.meta.dirname, '..', '..', 'deploy', 'rbac', 'istio-router-role.yaml'),
    );
    expect(deployment.code).toBe(1);
  });
});
