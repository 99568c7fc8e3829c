import type { ReleaseWindow, TelemetryReader } from '../../src/telemetry/types.js';
import type { ArmStream } from './arm-stream.js';

/**
 * A TelemetryReader over simulated releases: each release's second 0 starts at its `startMs`.
 * Buckets count when their second starts in [from, to), as in src/telemetry.
 */
export class BenchReader implements TelemetryReader {
  private readonly arms = new Map<string, { arm: ArmStream; startMs: number }>();

  register(arm: ArmStream, startMs: number): void {
    this.arms.set(arm.release, { arm, startMs });
  }

  private span(release: string, from: number, to: number): { arm: ArmStream; a: number; b: number } {
    const entry = this.arms.get(release);
    if (!entry) throw new Error(`bench reader: unknown release ${release}`);
    const a = Math.ceil((from - entry.startMs) / 1000);
    const b = Math.ceil((to - entry.startMs) / 1000);
    return { arm: entry.arm, a, b };
  }

  window(q: { model: string; release: string; from: number; to: number }): ReleaseWindow {
    const { arm, a, b } = this.span(q.release, q.from, q.to);
    return arm.window(q.model, q.from, q.to, a, b);
  }

  series(q: { model: string; release: string; from: number; to: number; stepMs: number }): ReleaseWindow[] {
    const out: ReleaseWindow[] = [];
    for (let t = q.from; t < q.to; t += q.stepMs)
      out.push(this.window({ ...q, from: t, to: Math.min(q.to, t + q.stepMs) }));
    return out;
  }
}
