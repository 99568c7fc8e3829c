/**
 * Pre-staged rollback: when a rollout starts, the revision the serving infrastructure runs the
 * rollback target on (a Deployment revision, a Helm revision, an InferenceService's Knative
 * revision) is read and stored with the rollout, so the target is known before any incident and
 * the rollback is one step to that recorded revision (the executor's `revisions` entry).
 *
 * An infrastructure revision reader is the read-only half of an infrastructure executor: one per
 * executor kind, in that executor's folder, never writing. The domain stores what it returns.
 */

/** A revision recorded for a release, keyed by the step that rolls back to it. */
export interface RecordedRevision {
  /** The executor step (`kubernetes-deployment:serving`): the journal name its rollback runs as. */
  step: string;
  /** The ripcord release the revision serves. */
  release: string;
  /** The Deployment or Helm revision number, or the Knative revision name of an InferenceService. */
  revision: number | string;
  /** What was read, for a person: `deployment ml-serving/recsys revision 1`. */
  source: string;
  /** Epoch ms of the read. */
  recordedAt: number;
}

export interface InfrastructureRevisionReader {
  /** The executor step it reads for (same name as the executor's). */
  readonly step: string;
  /**
   * The revision that serves `release` now or in the retained history, read without writing.
   * Throws, naming the object and the fix, when no revision serves it.
   */
  read(release: string, signal: AbortSignal): Promise<Omit<RecordedRevision, 'recordedAt' | 'step'>>;
}

/** Reads every reader's revision for `release`; one that cannot say fails the whole capture. */
export async function recordRevisions(
  readers: readonly InfrastructureRevisionReader[],
  release: string,
  at: number,
  signal: AbortSignal,
): Promise<RecordedRevision[]> {
  return Promise.all(
    readers.map(async (reader) => ({
      step: reader.step,
      ...(await reader.read(release, signal)),
      recordedAt: at,
    })),
  );
}
