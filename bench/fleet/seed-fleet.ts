/**
 * Registers the fleet bench's models over a real control plane's API: model `fleet-i` with
 * releases `fleet-i-v1` (the shared v1 server) and `fleet-i-v2` (its candidate server), production
 * and last-known-good on v1, sticky routing by x-user-id; then each model's rollout, held at a
 * canary step.
 */
import { request } from 'undici';

const digest = (char: string): string => `sha256:${char.repeat(64)}`;

export interface FleetApi {
  send(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown>;
}

export function fleetApi(url: string, token: string): FleetApi {
  return {
    async send(method, path, body) {
      const response = await request(`${url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.body.text();
      if (response.statusCode >= 300)
        throw new Error(`${method} ${path} answered ${response.statusCode}: ${text}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
  };
}

export const modelName = (i: number): string => `fleet-${i}`;

export async function seedFleet(
  api: FleetApi,
  count: number,
  backends: { v1: string; v2: (model: number) => string },
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const model = modelName(i);
    // An encoder of its own per model: a rollback disables the candidate's encoder flag, which
    // would otherwise take every other model's canary off its candidate too.
    const encoderName = `${model}-encoder`;
    for (const version of ['4', '5'])
      await api.send('POST', '/features', {
        name: encoderName,
        version,
        kind: 'encoder',
        digest: digest(version),
      });
    await api.send('PUT', `/models/${model}`, {
      owner: 'ranking-team',
      protocol: 'tfserving',
      predictionPath: '$.predictions[*].items[0]',
    });
    for (const [version, char, encoder, url] of [
      [1, 'a', '4', backends.v1],
      [2, 'b', '5', backends.v2(i)],
    ] as const) {
      await api.send('POST', `/models/${model}/versions`, {
        version,
        artifactUri: `s3://models/${model}/${version}/`,
        digest: digest(char),
        framework: 'pytorch',
        compatibleFeatures: [{ name: encoderName, version: encoder }],
      });
      await api.send('POST', '/releases', {
        name: `${model}-v${version}`,
        model,
        modelVersion: version,
        features: [{ name: encoderName, version: encoder }],
        // The demo servers all serve the model "recsys".
        serving: { backends: [{ url }], timeoutMs: 2000, upstreamModel: 'recsys' },
      });
    }
    for (const alias of ['production', 'last-known-good'])
      await api.send('PUT', `/models/${model}/aliases/${alias}`, {
        release: `${model}-v1`,
        reason: 'bench seed',
      });
    await api.send('PUT', `/traffic/${model}`, {
      stable: `${model}-v1`,
      sticky: { source: 'header', key: 'x-user-id' },
    });
  }
}

export async function startCanaries(
  api: FleetApi,
  count: number,
  weight: number,
  triggers: string[],
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const model = modelName(i);
    await api.send('POST', '/rollouts', {
      name: `${model}-canary`,
      model,
      release: `${model}-v2`,
      rollbackTo: `${model}-v1`,
      canary: { steps: [{ setWeight: weight }, { pause: {} }] },
      analysis: { triggers },
    });
  }
}
