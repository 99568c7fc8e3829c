/**
 * Pre-staged rollback: at start, each infrastructure executor's reader records the revision the
 * rollback target runs on (status.infrastructureRevisions). A rollback to that target then pins
 * the executor to the recorded revision, so stage 2 is one step to a revision known before the
 * incident, not a search of the history while users wait. A reader that cannot name the
 * revision refuses the start, saying what to label or record.
 */
import { recordRevisions, type RecordedRevision } from '../actions/infrastructure-revision.js';
import { stepName, type ExecutorSpec } from '../actions/executors/executor-spec.js';
import { PreconditionError } from '../core/errors.js';
import type { ControllerDeps } from './controller-deps.js';
import type { RolloutSpec } from './rollout-spec.js';

/** How long the reads may take before the start is refused. */
const READ_DEADLINE_MS = 30_000;

export async function prestageRevisions(
  deps: Pick<ControllerDeps, 'revisionReaders'>,
  spec: RolloutSpec,
  target: string | null,
  at: number,
): Promise<RecordedRevision[] | undefined> {
  const readers = deps.revisionReaders?.(spec) ?? [];
  if (target === null || readers.length === 0) return undefined;
  try {
    return await recordRevisions(readers, target, at, AbortSignal.timeout(READ_DEADLINE_MS));
  } catch (error) {
    throw new PreconditionError(
      `refusing to start: the infrastructure revision of rollback target "${target}" could not be recorded, so a rollback would not know where to go: ${(error as Error).message}`,
    );
  }
}

/** The spec with each infrastructure executor pinned to the revision recorded for `target` (its own pins win). */
export function withRecordedRevisions(
  spec: RolloutSpec,
  recorded: readonly RecordedRevision[] | undefined,
  target: string,
): RolloutSpec {
  if (!recorded?.length) return spec;
  const pin = (entry: ExecutorSpec): ExecutorSpec => {
    const found = recorded.find((r) => r.release === target && r.step === `${entry.kind}:${stepName(entry)}`);
    if (!found) return entry;
    switch (entry.kind) {
      case 'kubernetes-deployment':
      case 'helm':
        return typeof found.revision === 'number'
          ? { ...entry, revisions: { [target]: found.revision, ...entry.revisions } }
          : entry;
      case 'kserve':
        return typeof found.revision === 'string'
          ? { ...entry, revisions: { [target]: found.revision, ...entry.revisions } }
          : entry;
      default:
        return entry;
    }
  };
  return { ...spec, executors: spec.executors.map(pin) };
}
