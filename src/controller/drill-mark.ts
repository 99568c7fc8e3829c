/**
 * A rollout started by `ripcord drill` carries this mark. The controller and plan run for real,
 * but every notice says it is a drill (pagers skip it), external executors only plan unless the
 * drill was told to run them, and the incident and rollout read as a drill wherever they show.
 */
import { z } from 'zod';

export const DRILL_FAULTS = ['latency', 'errors', 'collapse', 'crash'] as const;
export type DrillFault = (typeof DRILL_FAULTS)[number];

export const DrillMarkSchema = z
  .object({
    /** The drill record's id (`drill_…`). */
    id: z.string().min(1),
    fault: z.enum(DRILL_FAULTS),
    /** Run external executors for real; by default they only plan (dry run). */
    liveExecutors: z.boolean().default(false),
  })
  .strict();
export type DrillMark = z.output<typeof DrillMarkSchema>;
