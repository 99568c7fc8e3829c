import type { ArmStream } from '../arm-stream.js';
import type { Environment } from '../backgrounds.js';
import type { BenchReader } from '../bench-reader.js';
import type { Scenario } from '../scenarios.js';

export const MODEL = 'recsys';

/** One simulated release as the deciders see it. */
export interface ReleaseContext {
  scenario: Scenario;
  candidate: ArmStream;
  baseline: ArmStream;
  reader: BenchReader;
  /** Epoch ms of the candidate's second 0 (the step start / the flip). */
  startMs: number;
  /** Blue/green: the baseline's span before the flip; seconds of `baseline` map to it. */
  baselineSpan?: { from: number; to: number } | undefined;
  /** Blue/green: the baseline's second that `baselineSpan` starts at (earlier seconds warm its late feedback up). */
  baselineOffset: number;
  /** The candidate's share at the start (canary: the first step's weight; blue/green 1). */
  candidateShare: number;
  /** The conditions every release shares, second by second, and the canary's weight steps. */
  env: Environment;
}

/** A rollback policy under test. It sees the stream second by second and says when it would roll back. */
export interface Decider {
  readonly name: string;
  start(ctx: ReleaseContext): void;
  /** Called once seconds [0, t) exist; returns what made it roll back now (a metric or trigger), else undefined. */
  observe(t: number): string | undefined;
}
