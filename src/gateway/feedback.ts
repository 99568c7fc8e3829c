/**
 * `POST /feedback`: a KPI observation (conversion, revenue, ...) for a release, named directly or
 * through the id of a request the gateway served recently; or a JSON array of them, so a client
 * feeding back every impression of a busy service sends one request per batch, not per event.
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

/** Events per batched `POST /feedback`; the gateway's body limit (limits.maxBodyBytes) also applies. */
export const MAX_FEEDBACK_BATCH = 10_000;

export const FeedbackBatchSchema = z
  .array(FeedbackSchema)
  .min(1, 'a batch holds at least one event')
  .max(MAX_FEEDBACK_BATCH, `a batch holds at most ${MAX_FEEDBACK_BATCH} events; split it`);

/** `[3].value` for an issue on the fourth event of a batch, `requestId` for a single event. */
export function feedbackIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`))
    .join('');
}
