/**
 * One read of the routing snapshot per committed change, shared by every reader: the in-process
 * gateway's refresh and each remote gateway's stream. Without it a change is read from the store
 * once per connected gateway (models, releases, policies, flags and every rollout's KPIs each
 * time), all on the path from a rollback's commit to the gateways serving it.
 *
 * `changed()` must be called before the readers are told of the change (subscribe it first):
 * a read started before a change is never handed to a reader that asks after it.
 */
import type { RoutingSnapshot } from '../gateway/routing-snapshot.js';

export class RoutingSnapshotCache {
  #version = 0;
  #held: { version: number; snapshot: Promise<RoutingSnapshot> } | undefined;

  constructor(private readonly read: () => Promise<RoutingSnapshot>) {}

  /** A change was committed: the next `snapshot()` reads again. */
  changed(): void {
    this.#version++;
  }

  /** The snapshot as of the last change, read once for every caller since. */
  snapshot(): Promise<RoutingSnapshot> {
    const held = this.#held;
    if (held && held.version === this.#version) return held.snapshot;
    const version = this.#version;
    const snapshot = this.read();
    this.#held = { version, snapshot };
    // A failed read is not kept: the next caller tries again.
    snapshot.catch(() => {
      if (this.#held?.snapshot === snapshot) this.#held = undefined;
    });
    return snapshot;
  }

  /**
   * The revision of the snapshot held for the last change, once read; undefined when none is (a
   * change since, or a failed read). Tells a watch of other processes' commits which ones this
   * process has read already.
   */
  async revision(): Promise<number | undefined> {
    const held = this.#held;
    if (!held || held.version !== this.#version) return undefined;
    return held.snapshot.then(
      (s) => s.revision,
      () => undefined,
    );
  }
}
