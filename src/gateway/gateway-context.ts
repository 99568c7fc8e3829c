/** What one request needs from the gateway that serves it; built once per gateway. */
import type { Clock } from '../core/clock.js';
import type { Telemetry } from '../telemetry/create-telemetry.js';
import type { LabelCap } from '../telemetry/label-cap.js';
import type { Backends } from './backends.js';
import type { RequestLog } from './request-log.js';
import type { ShadowMirror } from './shadow/shadow-mirror.js';

export interface GatewayLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface GatewayContext {
  clock: Clock;
  logger: GatewayLogger;
  random: () => number;
  telemetry: Telemetry;
  backends: Backends;
  shadow: ShadowMirror;
  requestLog: RequestLog;
  maxBodyBytes: number;
  maxResponseBytes: number;
  /** Bounds the region labels clients choose. */
  regions: LabelCap;
  /** GatewayOptions.pinSecret, as bytes for a constant-time comparison. */
  pinSecret: Buffer | undefined;
  /** Share of inference requests whose input rows telemetry checks (GatewayOptions.inspection). */
  inspectInputs: number;
  /** Share of inference responses whose predictions telemetry reads. */
  inspectPredictions: number;
}

/** Whether this request is among the inspected share (no random draw at 1: the default costs nothing). */
export function inspected(share: number): boolean {
  return share >= 1 || (share > 0 && Math.random() < share);
}
