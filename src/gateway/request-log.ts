/**
 * A bounded requestId → (model, release, region) map so KPI feedback can name a request instead
 * of a release. Two rings of `capacity` entries each:
 * - ids this process issued (most requests) are kept by request number: a slot in typed and
 *   plain arrays, so the hot path writes two array cells and nothing is hashed or allocated;
 * - ids a client sent (x-request-id) go to a map, the oldest evicted through a ring of keys:
 *   evicting through a Map's own iteration order would skip ever more deleted slots at the front
 *   (V8 keeps them until a rehash), which costs microseconds per request at 10k entries.
 */
import { requestSeqOf } from './request-id.js';

export interface RequestRoute {
  model: string;
  release: string;
  region: string;
  /** The telemetry release label when it is not `release`: `v2+pinned` for a pinned request. */
  label?: string;
}

export class RequestLog {
  /** requestId → ring slot of its latest write (a small integer: nothing allocated per request). */
  private readonly slots = new Map<string, number>();
  private readonly ring: (RequestRoute | undefined)[];
  private readonly ringKeys: (string | undefined)[];
  private next = 0;
  /** Own ids: request number held in slot seq % capacity (0: empty), and its route. */
  private readonly ownSeqs: Float64Array;
  private readonly ownRoutes: (RequestRoute | undefined)[];
  private ownCount = 0;

  constructor(private readonly capacity: number) {
    const n = Math.max(0, capacity);
    this.ring = new Array<RequestRoute | undefined>(n);
    this.ringKeys = new Array<string | undefined>(n);
    this.ownSeqs = new Float64Array(n);
    this.ownRoutes = new Array<RequestRoute | undefined>(n);
  }

  /** A request whose id this process issued (request-id.ts), by its request number. */
  setOwn(seq: number, route: RequestRoute): void {
    if (this.capacity <= 0) return;
    const slot = seq % this.capacity;
    if (this.ownSeqs[slot] === 0) this.ownCount++;
    this.ownSeqs[slot] = seq;
    this.ownRoutes[slot] = route;
  }

  /** A request named by its client's id. */
  set(requestId: string, route: RequestRoute): void {
    if (this.capacity <= 0) return;
    const slot = this.next;
    const oldKey = this.ringKeys[slot];
    // Evict only if the old key's latest write is this slot (ids can repeat).
    if (oldKey !== undefined && this.slots.get(oldKey) === slot) this.slots.delete(oldKey);
    this.slots.set(requestId, slot);
    this.ring[slot] = route;
    this.ringKeys[slot] = requestId;
    this.next = (slot + 1) % this.capacity;
  }

  get(requestId: string): RequestRoute | undefined {
    // A client may echo an id it was given: its own (later) write wins.
    const slot = this.slots.get(requestId);
    if (slot !== undefined) return this.ring[slot];
    return this.getOwn(requestId);
  }

  /** A request by an id this process issued; ids clients sent are not looked at. */
  getOwn(requestId: string): RequestRoute | undefined {
    const seq = requestSeqOf(requestId);
    if (seq === undefined || this.capacity <= 0) return undefined;
    const own = seq % this.capacity;
    return this.ownSeqs[own] === seq ? this.ownRoutes[own] : undefined;
  }

  get size(): number {
    return this.slots.size + this.ownCount;
  }
}
