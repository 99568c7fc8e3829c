/**
 * A drill's record: what was injected, what the real controller and plan did, and the MTTR
 * phases of the drill's incident, kept beside the model's previous drills. Records are kept as
 * documents of kind `drill` and never deleted.
 */
import { z } from 'zod';
import { DRILL_FAULTS } from '../../controller/drill-mark.js';

export const DRILL_OUTCOMES = ['running', 'recovered', 'not-detected', 'escalated', 'failed'] as const;

const PhaseSchema = z.object({
  phase: z.string(),
  from: z.number().optional(),
  to: z.number().optional(),
  ms: z.number().optional(),
  running: z.boolean(),
});

export const DrillRecordSchema = z.object({
  id: z.string(),
  model: z.string(),
  fault: z.enum(DRILL_FAULTS),
  /** The drill release (production's bundle behind a fault) and the release it rolls back to. */
  release: z.string(),
  target: z.string(),
  rollout: z.string(),
  /** Where the triggers came from: the model's last rollout, or the defaults for the fault. */
  triggers: z.array(z.string()),
  triggersFrom: z.string(),
  executors: z.enum(['dry-run', 'live']),
  startedBy: z.string(),
  startedAt: z.number(),
  /** When the fault was injected: the onset the MTTR phases start from. */
  faultAt: z.number().optional(),
  endedAt: z.number().optional(),
  outcome: z.enum(DRILL_OUTCOMES),
  message: z.string(),
  incidentId: z.string().optional(),
  mttr: z
    .object({
      phases: z.array(PhaseSchema),
      totalMs: z.number().optional(),
      timeToMitigateMs: z.number().optional(),
    })
    .optional(),
});
export type DrillRecord = z.infer<typeof DrillRecordSchema>;

/** Newest first; the most recent completed drill per model. */
export function lastDrills(records: readonly DrillRecord[]): Map<string, DrillRecord> {
  const last = new Map<string, DrillRecord>();
  for (const record of [...records].sort((a, b) => b.startedAt - a.startedAt))
    if (record.outcome !== 'running' && !last.has(record.model)) last.set(record.model, record);
  return last;
}
