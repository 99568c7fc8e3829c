export * from './types.js';
export { createTelemetry } from './create-telemetry.js';
export type { Telemetry, TelemetryOptions, StreamKey, BucketBatch, ShadowEvent } from './create-telemetry.js';
export { metricsHandler, type MetricsHandler } from './metrics-handler.js';
export { normalizedEntropy, topItemShare, coverage } from './diversity.js';
export { HeavyHitters } from './heavy-hitters.js';
export { DEFAULT_NUMERIC_EDGES } from './input-quality.js';
export type { SerializedBucket } from './release-bucket.js';
export { REDACTED, type Sample, type SampleInput, type SampleOptions } from './sample-store.js';
