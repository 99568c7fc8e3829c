/** The control plane's choice of MetricProvider from its environment, and the errors that name the variable. */
import { describe, expect, it } from 'vitest';

import { ValidationError } from '../../src/core/errors.js';
import { metricProviderFromEnv } from '../../src/server/metric-provider-choice.js';
import type { TelemetryReader } from '../../src/telemetry/types.js';

const telemetry = {} as TelemetryReader;

describe('metricProviderFromEnv', () => {
  it('judges from the gateways’ telemetry by default', () => {
    expect(metricProviderFromEnv({}, telemetry).name).toBe('telemetry');
    expect(metricProviderFromEnv({ RIPCORD_METRICS_PROVIDER: 'telemetry' }, telemetry).name).toBe(
      'telemetry',
    );
  });

  it('reads Prometheus when asked, with a URL', () => {
    const p = metricProviderFromEnv(
      {
        RIPCORD_METRICS_PROVIDER: 'prometheus',
        RIPCORD_PROMETHEUS_URL: 'http://127.0.0.1:9090',
        RIPCORD_PROMETHEUS_SELECTOR: 'job=ripcord, env=prod',
      },
      telemetry,
    );
    expect(p.name).toBe('prometheus');
  });

  it('names the variable to fix', () => {
    const fails = (env: Record<string, string>, field: string) => {
      try {
        metricProviderFromEnv(env, telemetry);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).message).toContain(field);
      }
    };
    fails({ RIPCORD_METRICS_PROVIDER: 'datadog' }, 'RIPCORD_METRICS_PROVIDER');
    fails({ RIPCORD_METRICS_PROVIDER: 'prometheus' }, 'RIPCORD_PROMETHEUS_URL');
    fails(
      { RIPCORD_METRICS_PROVIDER: 'prometheus', RIPCORD_PROMETHEUS_URL: 'prometheus:9090' },
      'RIPCORD_PROMETHEUS_URL',
    );
    fails(
      {
        RIPCORD_METRICS_PROVIDER: 'prometheus',
        RIPCORD_PROMETHEUS_URL: 'http://p:9090',
        RIPCORD_PROMETHEUS_SELECTOR: 'job',
      },
      'RIPCORD_PROMETHEUS_SELECTOR',
    );
  });
});
