/**
 * Freezing an incident's evidence for real. At the decision: both releases as the registry holds
 * them (model artifact digest, image, feature versions with their digests), the candidate's and
 * the target's windows and per-step series from before the first breach up to the decision, and
 * the model's sticky key (the report counts users by it). At verification (recovered or not):
 * the "after" windows and series. Samples and the decision's readings are frozen when the
 * rollback is decided (rollback.ts).
 *
 * The reads run after the plan's traffic step, never before it: the spans end at the decision,
 * and a provider answers a closed span the same later, so users are not kept on the bad release
 * while the evidence is read. A read that fails is named in `captureErrors`, never dropped
 * silently, and never fails the rollback.
 */
import { jsonSafe, summarizeSeries, summarizeWindow } from '../incidents/index.js';
import type { Incident, ReleaseEvidence, SeriesPair, WindowPair } from '../incidents/index.js';
import type { Registry } from '../registry/registry.js';
import type { ReconcileContext } from './reconcile-context.js';
import type { RollbackEvent } from './rollout-state.js';
import { metricsFor } from './measurements-source.js';

/** Context kept before the first breach: at least a minute, or as long as detection took. */
const MIN_LOOKBACK_MS = 60_000;
/** Points per series: enough for a readable line, small enough to keep in the document. */
const MAX_POINTS = 60;

export function seriesStep(from: number, to: number): number {
  return Math.max(1000, Math.ceil((to - from) / MAX_POINTS / 1000) * 1000);
}

export async function releaseEvidence(registry: Registry, name: string): Promise<ReleaseEvidence> {
  const release = await registry.getRelease(name);
  const version = await registry.getVersion(release.model, release.modelVersion);
  const features = await Promise.all(
    release.features.map(async (ref) => {
      const feature = await registry.getFeature(ref.name, ref.version);
      return { name: ref.name, version: ref.version, kind: feature.kind, digest: feature.digest };
    }),
  );
  return {
    name: release.name,
    model: release.model,
    modelVersion: release.modelVersion,
    artifactUri: version.artifactUri,
    digest: version.digest,
    framework: version.framework,
    image: version.tags['image'] ?? null,
    features,
    backends: release.serving.backends.map((b) => b.url),
  };
}

interface Capture {
  errors: string[];
  read<T>(part: string, work: () => Promise<T>): Promise<T | undefined>;
}

function capture(): Capture {
  const errors: string[] = [];
  return {
    errors,
    async read(part, work) {
      try {
        return await work();
      } catch (error) {
        errors.push(`${part}: ${(error as Error).message}`);
        return undefined;
      }
    },
  };
}

async function windowPair(
  ctx: ReconcileContext,
  c: Capture,
  pulled: string,
  target: string,
  from: number,
  to: number,
) {
  const metrics = metricsFor(ctx.spec, ctx.deps.metrics);
  const model = ctx.spec.model;
  const pair = await c.read(`windows ${new Date(from).toISOString()}…`, async () => {
    const [candidate, baseline] = await Promise.all([
      metrics.window({ model, release: pulled, from, to }),
      metrics.window({ model, release: target, from, to }),
    ]);
    return { from, to, candidate: summarizeWindow(candidate), baseline: summarizeWindow(baseline) };
  });
  return pair && jsonSafe<WindowPair>(pair);
}

async function seriesPair(
  ctx: ReconcileContext,
  c: Capture,
  pulled: string,
  target: string,
  from: number,
  to: number,
  stepMs: number,
) {
  const metrics = metricsFor(ctx.spec, ctx.deps.metrics);
  const model = ctx.spec.model;
  return c.read(`series ${new Date(from).toISOString()}…`, async (): Promise<SeriesPair> => {
    const [candidate, baseline] = await Promise.all([
      metrics.series({ model, release: pulled, from, to, stepMs }),
      metrics.series({ model, release: target, from, to, stepMs }),
    ]);
    return { stepMs, candidate: summarizeSeries(candidate), baseline: summarizeSeries(baseline) };
  });
}

/** The decision's half of the evidence; an incident that has it already is returned as is. */
export async function freezeDecisionEvidence(
  ctx: ReconcileContext,
  event: RollbackEvent,
  incident: Incident,
): Promise<Incident> {
  if (incident.evidence.frozenAt !== undefined) return incident;
  const { registry } = ctx.deps;
  const c = capture();
  const pulled = ctx.spec.release;
  const to = event.decidedAt;
  const from = event.firstBreachAt - Math.max(MIN_LOOKBACK_MS, to - event.firstBreachAt);
  const [pulledRelease, targetRelease, policy, before, series] = await Promise.all([
    c.read(`release ${pulled}`, () => releaseEvidence(registry, pulled)),
    c.read(`release ${event.target}`, () => releaseEvidence(registry, event.target)),
    c.read('traffic policy', () => registry.getTrafficPolicy(ctx.spec.model)),
    windowPair(ctx, c, pulled, event.target, from, to),
    seriesPair(ctx, c, pulled, event.target, from, to, seriesStep(from, to)),
  ]);
  const sticky = ctx.spec.sticky ?? policy?.sticky;
  return {
    ...incident,
    evidence: {
      ...incident.evidence,
      frozenAt: ctx.now,
      ...(before ? { candidate: before.candidate, baseline: before.baseline } : {}),
      releases: { pulled: pulledRelease, target: targetRelease },
      windows: { ...incident.evidence.windows, before },
      series: { ...incident.evidence.series, before: series },
      ...(sticky ? { stickyKey: { source: sticky.source, key: sticky.key } } : {}),
      captureErrors: [...(incident.evidence.captureErrors ?? []), ...c.errors],
    },
  };
}

/** The "after" half: both releases since traffic was restored, read when verification ends. */
export async function completeEvidence(
  ctx: ReconcileContext,
  event: RollbackEvent,
  incident: Incident,
): Promise<Incident> {
  if (incident.evidence.completedAt !== undefined) return incident;
  const c = capture();
  const pulled = ctx.spec.release;
  const restored = event.trafficRestoredAt ?? event.executedAt ?? event.decidedAt;
  const now = ctx.now;
  const stepMs = incident.evidence.series?.before?.stepMs ?? seriesStep(event.decidedAt, now);
  const [after, series] = await Promise.all([
    windowPair(ctx, c, pulled, event.target, restored, Math.max(now, restored + 1)),
    seriesPair(
      ctx,
      c,
      pulled,
      event.target,
      event.decidedAt,
      Math.max(now, event.decidedAt + stepMs),
      stepMs,
    ),
  ]);
  return {
    ...incident,
    evidence: {
      ...incident.evidence,
      completedAt: now,
      windows: { ...incident.evidence.windows, after },
      series: { ...incident.evidence.series, after: series },
      captureErrors: [...(incident.evidence.captureErrors ?? []), ...c.errors],
    },
  };
}
