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
  private readonly map = new Map<string, RequestRoute>();
  private readonly ring: (RequestRoute | undefined)[];
  private readonly ringKeys: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<RequestRoute | undefined>(Math.max(0, capacity));
    this.ringKeys = new Array<string | undefined>(Math.max(0, capacity));
  }

  set(requestId: string, route: RequestRoute): void {
    if (this.capacity <= 0) return;
    const oldKey = this.ringKeys[this.next];
    // Only evict if the key still maps to the entry written in this slot (ids can repeat).
    if (oldKey !== undefined && this.map.get(oldKey) === this.ring[this.next]) this.map.delete(oldKey);
    this.map.set(requestId, route);
    this.ring[this.next] = route;
    this.ringKeys[this.next] = requestId;
    this.next = (this.next + 1) % this.capacity;
  }

  get(requestId: string): RequestRoute | undefined {
    return this.map.get(requestId);
  }

  get size(): number {
    return this.map.size;
  }
}
