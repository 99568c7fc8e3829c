export { createGateway } from './create-gateway.js';
export type {
  FeedbackOptions,
  Gateway,
  GatewayOptions,
  GatewayLimits,
  GatewayHooks,
  InspectionOptions,
} from './gateway-options.js';
export type { GatewayLogger } from './gateway-context.js';
export { compileRoutingTable, type RoutingSnapshot } from './routing-snapshot.js';
export type * from './routing-table.js';
export { releaseForBucket, PIN_HEADER, PIN_SECRET_HEADER } from './pick-release.js';
export { compileHeaderRegex, headerRegexProblem, type HeaderRegex } from './header-regex.js';
export { headerNameProblem, headerValueProblem } from './header-field.js';
export {
  FEEDBACK_SIGNATURE_HEADER,
  feedbackAuthFromEnv,
  signFeedback,
  type FeedbackAuth,
} from './feedback-auth.js';
export type { FeedbackAttribution } from './record-feedback.js';
export { stickyBucket, BUCKETS } from './sticky-bucket.js';
export { parseLenientJson, MalformedJsonError } from './lenient-json.js';
export { compileJsonPath, type JsonPath } from './json-path.js';
export { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';
export { compareOutputs, type Comparison } from './shadow/compare-outputs.js';
export { mergeReports, type ShadowReport, type SegmentSummary } from './shadow/shadow-report.js';
export type { Feedback } from './feedback.js';
export {
  startGatewayCluster,
  type GatewayClusterOptions,
  type GatewayClusterHandle,
} from './gateway-cluster.js';
export {
  RemoteRoutingSource,
  GATEWAY_HEADER,
  type RemoteRoutingSourceOptions,
  type RemoteRoutingStatus,
  type ServedRouting,
} from './remote-routing-source.js';
export type { RoutingConnection, RoutingHealthReport } from './routing-health.js';
export { writeRoutingSse, formatSnapshotEvent, type RoutingSseOptions } from './routing-sse.js';
export { SseParser, type SseEvent } from './sse-parser.js';
