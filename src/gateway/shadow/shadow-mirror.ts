/**
 * Mirrors a sampled share of requests to a shadow release after the user has been answered.
 * Bounded: at most `maxConcurrency` shadow calls in flight per mirror and `maxQueue` waiting;
 * beyond that a copy is dropped and counted. Each call has its own timeout, never touches a
 * breaker, and its output is compared with what the user got.
 */
import type { Telemetry } from '../../telemetry/create-telemetry.js';
import type { Backends } from '../backends.js';
import { parseLenientJson } from '../lenient-json.js';
import type { ProtocolAdapter } from '../protocols/protocol.js';
import type { CompiledMirror, CompiledModel, CompiledRelease } from '../routing-table.js';
import { callUpstream, type UpstreamResult } from '../upstream-call.js';
import { compareOutputs } from './compare-outputs.js';
import { ShadowAggregate, type ShadowReport } from './shadow-report.js';

export interface ShadowJob {
  model: CompiledModel;
  protocol: ProtocolAdapter;
  mirror: CompiledMirror;
  suffix: string;
  query: string;
  method: string;
  /** Client headers already filtered for forwarding (no release headers). */
  headers: string[];
  body: Buffer | undefined;
  /** What the user received, as the protocol's output payload. */
  primaryPayload: unknown;
  primaryItems: (string | number)[] | undefined;
  segments: [string, string][];
  region: string;
  at: number;
  /**
   * Sends the copy over another transport than HTTP (the gRPC gateway): `done` gets the answer as
   * an UpstreamResult whose body is the answer as its protocol's JSON. @default an HTTP call
   */
  send?: (release: CompiledRelease, timeoutMs: number, done: (result: UpstreamResult) => void) => void;
}

interface Lane {
  active: number;
  queue: ShadowJob[];
}

export class ShadowMirror {
  private readonly lanes = new Map<string, Lane>();
  private readonly aggregates = new Map<string, ShadowAggregate>();
  /** model → shadow release most recently mirrored to. */
  private readonly current = new Map<string, string>();

  constructor(
    private readonly backends: Backends,
    private readonly telemetry: Telemetry,
    private readonly random: () => number,
    private readonly maxResponseBytes: number,
  ) {}

  /** Queues a copy; never blocks and never throws. */
  submit(job: ShadowJob): void {
    const release = job.mirror.release.name;
    const model = job.model.name;
    const key = `${model}\u0000${release}`;
    const aggregate = this.aggregate(model, release);
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { active: 0, queue: [] }));
    if (lane.active < job.mirror.maxConcurrency) this.run(lane, job, aggregate);
    else if (lane.queue.length < job.mirror.maxQueue) lane.queue.push(job);
    else {
      aggregate.dropped++;
      this.telemetry.recordShadow(model, release, 'dropped');
    }
  }

  report(model: string, release?: string): ShadowReport | undefined {
    const r = release ?? this.current.get(model);
    return r === undefined ? undefined : this.aggregates.get(`${model}\u0000${r}`)?.report();
  }

  /** Every (model, release) with a report, for merging across workers. */
  reports(): ShadowReport[] {
    return [...this.aggregates.values()].map((a) => a.report());
  }

  private aggregate(model: string, release: string): ShadowAggregate {
    const key = `${model}\u0000${release}`;
    let a = this.aggregates.get(key);
    if (!a) this.aggregates.set(key, (a = new ShadowAggregate(model, release)));
    this.current.set(model, release);
    return a;
  }

  private run(lane: Lane, job: ShadowJob, aggregate: ShadowAggregate): void {
    lane.active++;
    aggregate.mirrored++;
    const { release } = job.mirror;
    this.telemetry.recordShadow(job.model.name, release.name, 'mirrored');
    const started = performance.now();
    const done = (result: UpstreamResult): void => {
      try {
        this.complete(job, aggregate, result, performance.now() - started);
      } finally {
        lane.active--;
        const next = lane.queue.shift();
        if (next) this.run(lane, next, aggregate);
      }
    };
    if (job.send) return job.send(release, job.mirror.timeoutMs, done);
    const { backend, pool } = this.backends.any(release, this.random());
    callUpstream(
      pool,
      {
        path: backend.basePath + job.protocol.upstreamPath(release.upstreamModel, job.suffix) + job.query,
        method: job.method,
        headers: [...job.headers, ...release.headers, 'x-ripcord-shadow', 'true'],
        body: job.body,
        timeoutMs: job.mirror.timeoutMs,
        maxResponseBytes: this.maxResponseBytes,
      },
      done,
    );
  }

  private complete(
    job: ShadowJob,
    aggregate: ShadowAggregate,
    result: UpstreamResult,
    latencyMs: number,
  ): void {
    const model = job.model.name;
    const release = job.mirror.release.name;
    const base = { model, release, region: job.region, at: job.at, latencyMs };
    if (!result.ok) {
      this.telemetry.record({ ...base, outcome: result.kind === 'timeout' ? 'timeout' : 'connectionError' });
      this.telemetry.recordShadow(model, release, result.kind === 'timeout' ? 'timeout' : 'error');
      aggregate.add(job.segments, { kind: result.kind === 'timeout' ? 'timeout' : 'error' });
      return;
    }
    const ok = result.status < 400;
    let parsed: unknown;
    let valid = ok;
    if (ok)
      try {
        parsed = parseLenientJson(result.body.toString('utf8'));
        valid = job.protocol.acceptsResponse(parsed);
      } catch {
        valid = false;
      }
    const items = valid && job.model.predictions ? job.model.predictions(parsed) : undefined;
    this.telemetry.record({
      ...base,
      outcome:
        result.status >= 500
          ? 'serverError'
          : result.status >= 400
            ? 'clientError'
            : valid
              ? 'ok'
              : 'invalidResponse',
      predictions: items,
    });
    if (!valid) {
      this.telemetry.recordShadow(model, release, 'error');
      aggregate.add(job.segments, { kind: 'error' });
      return;
    }
    const comparison = compareOutputs(
      job.primaryPayload,
      job.protocol.payload(parsed),
      job.primaryItems,
      items,
      {
        numericTolerance: job.mirror.numericTolerance,
        topK: job.mirror.topK,
      },
    );
    this.telemetry.recordShadow(model, release, comparison.withinTolerance ? 'match' : 'mismatch');
    aggregate.add(job.segments, { kind: 'compared', comparison });
  }
}
