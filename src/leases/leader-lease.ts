/**
 * The leader-lease contract: several controllers may share one store, and exactly one of them
 * acts at a time. The controller asks its lease each tick; only the holder reconciles.
 *
 * Rules every lease follows:
 * - `acquire()` takes the lease when it is free and keeps it when this holder has it; it resolves
 *   whether this holder leads now. Calling it every tick is expected: it never stacks holds.
 * - A lease whose holder dies (process gone, session ended) becomes free without anyone's help,
 *   so a standby takes over within a tick or two.
 * - It throws when it cannot tell (store unreachable); the caller then stands by.
 * - `release()` gives the lease up; a no-op when not held.
 *
 * Shipped: `advisory-lock` (PostgreSQL session advisory lock: leases/advisory-lock/) and `single`
 * (one process, always the leader: leases/single/). Coming: Kubernetes coordination.k8s.io Lease.
 */
export interface LeaderLease {
  /** For logs and `doctor`, e.g. `advisory-lock:postgres://db/ripcord`. */
  readonly name: string;
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}
