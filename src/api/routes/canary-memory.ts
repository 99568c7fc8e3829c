/**
 * Where the verdict judges keep each canary between calls: when it started and its judge's
 * snapshot (running tests, breach streaks, checkpoints), with the last answer for the rate limit.
 * In the store, so a restarted control plane carries a canary's evidence on, and several replicas
 * behind one address share one running test per canary: separate tests per replica on the same
 * data would each spend the whole alpha, and the caller, failing on any "fail", would see their
 * false alarms added up.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

import type { JudgeSnapshot } from '../../analysis/judge-snapshot.js';
import { ConflictError } from '../../core/errors.js';
import type { DocumentStore } from '../../registry/document-store.js';
import type { CanaryAnswer } from './verdict-judges.js';

export interface CanaryState {
  /** Epoch ms from which telemetry counts. */
  since: number;
  judge: JudgeSnapshot;
  last?: { at: number; answer: CanaryAnswer } | undefined;
}

export interface CanaryMemory {
  load(key: string): Promise<{ state: CanaryState; revision: number } | undefined>;
  /** Compare-and-set on the revision loaded (undefined: new); false when another writer came first. */
  save(key: string, state: CanaryState, revision: number | undefined): Promise<boolean>;
}

/** In one process only (tests, a plane without a store), the least recently asked forgotten first. */
export function memoryCanaryMemory(maxCanaries = 1000): CanaryMemory {
  const canaries = new Map<string, { state: CanaryState; revision: number }>();
  return {
    load(key) {
      const known = canaries.get(key);
      if (known) {
        canaries.delete(key);
        canaries.set(key, known);
      }
      return Promise.resolve(known && structuredClone(known));
    },
    save(key, state, revision) {
      const known = canaries.get(key);
      if ((known?.revision ?? undefined) !== revision) return Promise.resolve(false);
      canaries.delete(key);
      canaries.set(key, { state: structuredClone(state), revision: (revision ?? 0) + 1 });
      while (canaries.size > maxCanaries) canaries.delete(canaries.keys().next().value!);
      return Promise.resolve(true);
    },
  };
}

/** A stored canary: the question's key beside the state, so a row says which canary it is. */
export const StoredCanarySchema = z.object({
  key: z.string(),
  since: z.number(),
  judge: z.custom<JudgeSnapshot>((v) => typeof v === 'object' && v !== null, 'a judge snapshot'),
  last: z.object({ at: z.number(), answer: z.custom<CanaryAnswer>() }).optional(),
});
export type StoredCanary = z.infer<typeof StoredCanarySchema>;

/** How long a stored canary nobody has asked about is kept, and how often the old ones are swept. */
export interface CanaryRetention {
  /** A canary not asked about for this long is forgotten (its provider has moved on). @default 7 days */
  keepMs?: number;
  /** Sweeps run on a save, at most this often per process. @default 1 hour */
  sweepEveryMs?: number;
  /** Epoch ms. @default Date.now */
  now?: () => number;
}

const DAY_MS = 86_400_000;

/**
 * In the store's documents (kind `verdict-canary`), one per canary, keyed by a hash of its question.
 * The caller (Argo Rollouts, Flagger) never says a canary ended, so canaries not asked about for
 * `keepMs` are deleted; one asked about again after that starts a fresh test (it loses only its
 * evidence, never a verdict already given).
 */
export function storedCanaryMemory(
  documents: DocumentStore<StoredCanary>,
  retention: CanaryRetention = {},
): CanaryMemory {
  const { keepMs = 7 * DAY_MS, sweepEveryMs = 3_600_000, now = Date.now } = retention;
  const idOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 40);
  let nextSweep = 0;
  const sweep = async (at: number): Promise<void> => {
    if (at < nextSweep) return;
    nextSweep = at + sweepEveryMs;
    try {
      await documents.deleteUpdatedBefore(new Date(at - keepMs).toISOString());
    } catch {
      // The verdict does not depend on the sweep: retry on the next save instead of failing it.
      nextSweep = 0;
    }
  };
  return {
    async load(key) {
      const doc = await documents.get(idOf(key));
      if (!doc || doc.body.key !== key) return undefined;
      const { since, judge, last } = doc.body;
      return { state: { since, judge, last }, revision: doc.revision };
    },
    async save(key, state, revision) {
      const body: StoredCanary = { key, ...state };
      const at = now();
      try {
        if (revision === undefined) await documents.create(idOf(key), body, new Date(at).toISOString());
        else await documents.update(idOf(key), body, revision, new Date(at).toISOString());
      } catch (error) {
        if (error instanceof ConflictError) return false;
        throw error;
      }
      await sweep(at);
      return true;
    },
  };
}
