/**
 * A bounded requestId → (model, release, region) map so KPI feedback can name a request instead
 * of a release. The oldest entry goes first, tracked in a ring of keys: evicting through a Map's
 * own iteration order would skip ever more deleted slots at the front (V8 keeps them until a
 * rehash), which costs microseconds per request at 10k entries.
 */
export interface RequestRoute {
  model: string;
  release: string;
  region: string;
}

export class RequestLog {
  /** requestId → ring slot of its latest write (a small integer: nothing allocated per request). */
  private readonly slots = new Map<string, number>();
  private readonly ring: (RequestRoute | undefined)[];
  private readonly ringKeys: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<RequestRoute | undefined>(Math.max(0, capacity));
    this.ringKeys = new Array<string | undefined>(Math.max(0, capacity));
  }

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
    const slot = this.slots.get(requestId);
    return slot === undefined ? undefined : this.ring[slot];
  }

  get size(): number {
    return this.slots.size;
  }
}
