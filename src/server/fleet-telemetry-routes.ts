/**
 * `POST /api/v1/telemetry/buckets`: a remote gateway's 1 s buckets, as deltas (the same bearer token
 * and `x-ripcord-gateway` name as its routing stream); `GET /api/v1/telemetry/gateways`: who
 * ships, when last heard, how much arrived late or twice.
 */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../api/define-route.js';
import { ValidationError } from '../core/errors.js';
import { GATEWAY_HEADER } from '../gateway/remote-routing-source.js';
import { ReleaseBucket, type SerializedBucket } from '../telemetry/release-bucket.js';
import type { FleetTelemetry } from './fleet-telemetry.js';

const count = z.number().int().nonnegative();
const label = z.string().min(1).max(256);

const FieldQualitySchema = z.object({
  missing: z.number().nonnegative(),
  nulls: z.number().nonnegative(),
  wrongType: z.number().nonnegative(),
  mismatches: z.number().nonnegative().optional(),
  histogram: z
    .object({ edges: z.array(z.number()).max(1000), counts: z.array(z.number().nonnegative()).max(1001) })
    .optional(),
  categories: z
    .object({ counts: z.record(z.string(), z.number().nonnegative()), overflow: z.boolean() })
    .optional(),
});

const BucketSchema = z.object({
  model: label,
  release: label,
  region: z.string().max(256),
  sec: z.number().int().nonnegative(),
  n: count,
  o: z.array(count).max(32),
  l: z.string().max(1_000_000),
  p: z.object({
    c: z.number().int().positive().max(1_000_000),
    f: z.number().nonnegative(),
    t: z.number().nonnegative(),
    i: z.array(z.tuple([z.string(), z.number().nonnegative()])).max(100_000),
  }),
  pr: count,
  ir: count,
  im: count.optional(),
  q: z.record(z.string(), FieldQualitySchema),
  k: z.record(z.string(), z.object({ n: z.number(), sum: z.number(), sumSq: z.number() })),
});

const PostSchema = z.object({
  instance: z.string().min(1).max(100),
  seq: z.number().int().positive(),
  buckets: z.array(BucketSchema),
});

const GatewaySchema = z.object({
  name: z.string(),
  instance: z.string(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  posts: z.number(),
  buckets: z.number(),
  lateBuckets: z.number(),
  refusedBuckets: z.number(),
  duplicatePosts: z.number(),
});

export function fleetTelemetryRoutes(fleet: () => FleetTelemetry): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/telemetry/buckets',
      // Evidence the judges act on: a read-only token must not be able to cause or mask a rollback.
      role: 'operator',
      tag: 'telemetry',
      summary:
        "A remote gateway's 1 s buckets (deltas, added to what is held), merged into what the judges read (retries with the same seq are merged once)",
      body: PostSchema,
      response: z.object({ accepted: z.number(), duplicate: z.boolean() }),
      handler: async ({ body, request }) => {
        const name = request.headers[GATEWAY_HEADER];
        if (typeof name !== 'string' || name === '' || name.length > 200)
          throw new ValidationError(
            GATEWAY_HEADER,
            'name the gateway in this header (1–200 characters), as on its routing stream',
          );
        const buckets = body.buckets as SerializedBucket[];
        buckets.forEach(checkDecodes);
        return fleet().ingest(name, { instance: body.instance, seq: body.seq, buckets });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/telemetry/gateways',
      role: 'viewer',
      tag: 'telemetry',
      summary: 'Remote gateways shipping telemetry here: last seen, buckets merged, late and repeated posts',
      response: z.array(GatewaySchema),
      handler: () => Promise.resolve(fleet().members()),
    }),
  ];
}

/** A bucket whose sketch does not decode is refused with the post, before anything is merged. */
function checkDecodes(bucket: SerializedBucket, index: number): void {
  try {
    ReleaseBucket.deserialize(bucket);
  } catch (error) {
    throw new ValidationError(
      `buckets[${index}]`,
      `does not decode (${(error as Error).message}); send buckets as the gateway exports them`,
    );
  }
}
