/**
 * `POST /feedback`: a KPI observation (conversion, revenue, ...) for a release, named directly or
 * through the id of a request the gateway served recently.
 */
import { z } from 'zod';

export const FeedbackSchema = z
  .object({
    requestId: z.string().min(1).optional(),
    release: z.string().min(1).optional(),
    metric: z.string().min(1, 'name the KPI, e.g. "ctr"'),
    value: z.number().refine(Number.isFinite, 'value must be a finite number'),
    region: z.string().optional(),
  })
  .refine((f) => f.requestId !== undefined || f.release !== undefined, {
    message: 'give "requestId" (a request served by this gateway) or "release"',
    path: ['requestId'],
  });
export type Feedback = z.infer<typeof FeedbackSchema>;
