/**
 * A bounded requestId → (model, release, region) map so KPI feedback can name a request instead
 * of a release. Insertion-ordered Map as an LRU-by-age: the oldest entry goes first.
 */
export interface RequestRoute {
  model: string;
  release: string;
  region: string;
}

export class RequestLog {
  private readonly map = new Map<string, RequestRoute>();

  constructor(private readonly capacity: number) {}

  set(requestId: string, route: RequestRoute): void {
    if (this.capacity <= 0) return;
    this.map.set(requestId, route);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  get(requestId: string): RequestRoute | undefined {
    return this.map.get(requestId);
  }

  get size(): number {
    return this.map.size;
  }
}
