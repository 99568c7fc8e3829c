import { DDSketch } from '@datadog/sketches-js';

import type { ReleaseWindow } from '../telemetry/types.js';

/** A release's window with nothing recorded: what a provider answers for a span without traffic. */
export function emptyWindow(release: string, from: number, to: number, model = 'recsys'): ReleaseWindow {
  return {
    model,
    release,
    from,
    to,
    requests: 0,
    outcomes: { ok: 0, clientError: 0, serverError: 0, timeout: 0, connectionError: 0, invalidResponse: 0 },
    latency: new DDSketch({ relativeAccuracy: 0.01 }),
    predictions: new Map(),
    predictionResponses: 0,
    inputRows: 0,
    inputQuality: {},
    kpis: {},
  };
}
