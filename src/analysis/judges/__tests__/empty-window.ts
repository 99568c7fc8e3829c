import { DDSketch } from '@datadog/sketches-js';

import type { ReleaseWindow } from '../../../telemetry/types.js';

/** A window with nothing recorded, for readers that fill in only what a test judges. */
export function emptyWindow(release: string, from: number, to: number): ReleaseWindow {
  return {
    model: 'recsys',
    release,
    from,
    to,
    requests: 0,
    outcomes: { ok: 0, clientError: 0, serverError: 0, timeout: 0, connectionError: 0 },
    latency: new DDSketch({ relativeAccuracy: 0.01 }),
    predictions: new Map(),
    predictionResponses: 0,
    inputRows: 0,
    inputQuality: {},
    kpis: {},
  };
}
