/**
 * A judge's snapshot, taken when first read or serialized. The controller puts one on a rollout's
 * status after every look but writes the status only when something changed or every few seconds
 * (~1 look in 10 at 1,000 rollouts); a snapshot is a deep copy of every trigger's state, and taken
 * at every look it was ~5 MB a tick of copies, most thrown away, all held to the tick's end. Taken
 * at the write instead, it holds the same state: a judge changes only in a look, and every look
 * sets a new one.
 */
export class DeferredSnapshot<T> {
  private taken: T | undefined;

  constructor(private readonly take: () => T) {}

  /** The snapshot, taken on the first call and the same on every later one. */
  value(): T {
    return (this.taken ??= this.take());
  }

  /** What JSON.stringify writes in its place: the snapshot itself. */
  toJSON(): T {
    return this.value();
  }
}

/** A stored snapshot as the plain value it stands for (a deferred one is taken now). */
export function snapshotValue(value: unknown): unknown {
  return value instanceof DeferredSnapshot ? (value.value() as unknown) : value;
}
