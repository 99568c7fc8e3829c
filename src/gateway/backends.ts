/**
 * Connection pools (undici, keep-alive) and circuit breakers per backend URL. They outlive
 * routing-table swaps, so a weight change neither drops warm connections nor resets a breaker;
 * backends no longer in the table are closed gracefully.
 */
import { Pool } from 'undici';

import type { Clock } from '../core/clock.js';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './circuit-breaker.js';
import type { CompiledBackend, CompiledRelease } from './routing-table.js';

export interface PoolOptions {
  /** Connections per backend. @default 128 */
  connections?: number;
  /** Idle keep-alive before a pooled connection is closed. @default 30000 */
  keepAliveTimeoutMs?: number;
}

export interface BackendRuntime {
  backend: CompiledBackend;
  pool: Pool;
  breaker: CircuitBreaker;
}

export class Backends {
  private readonly pools = new Map<string, Pool>();
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly clock: Clock,
    private readonly poolOptions: PoolOptions,
    private readonly breakerOptions: BreakerOptions,
    private readonly onBreaker: (url: string, state: BreakerState) => void,
  ) {}

  pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.poolOptions.connections ?? 128,
        keepAliveTimeout: this.poolOptions.keepAliveTimeoutMs ?? 30_000,
        pipelining: 1,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  breaker(url: string): CircuitBreaker {
    let breaker = this.breakers.get(url);
    if (!breaker) {
      breaker = new CircuitBreaker(this.breakerOptions, (state) => this.onBreaker(url, state));
      this.breakers.set(url, breaker);
    }
    return breaker;
  }

  /** Whether any backend of the release would take a call now. */
  available(release: CompiledRelease): boolean {
    const now = this.clock.now();
    for (const b of release.backends) if (this.breaker(b.url).available(now)) return true;
    return false;
  }

  /**
   * A backend by weight whose breaker admits the call (the first admitting one after the weighted
   * pick), or undefined when every breaker of the release is open.
   */
  acquire(release: CompiledRelease, random: number): BackendRuntime | undefined {
    const { backends } = release;
    const now = this.clock.now();
    let start = 0;
    if (backends.length > 1) {
      const r = random * release.totalWeight;
      while (start < backends.length - 1 && r >= backends[start]!.cumulative) start++;
    }
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[(start + i) % backends.length]!;
      const breaker = this.breaker(backend.url);
      if (breaker.tryAcquire(now)) return { backend, pool: this.pool(backend.origin), breaker };
    }
    return undefined;
  }

  /** A backend by weight ignoring breakers (shadow traffic never serves a user). */
  any(release: CompiledRelease, random: number): { backend: CompiledBackend; pool: Pool } {
    const { backends } = release;
    const r = random * release.totalWeight;
    let i = 0;
    while (i < backends.length - 1 && r >= backends[i]!.cumulative) i++;
    const backend = backends[i]!;
    return { backend, pool: this.pool(backend.origin) };
  }

  /** Closes pools and forgets breakers of backends that left the table. */
  retain(urls: ReadonlySet<string>): void {
    const origins = new Set<string>();
    for (const url of urls) origins.add(new URL(url).origin);
    for (const [origin, pool] of this.pools)
      if (!origins.has(origin)) {
        this.pools.delete(origin);
        pool.close().catch(() => undefined);
      }
    for (const url of this.breakers.keys()) if (!urls.has(url)) this.breakers.delete(url);
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }
}
