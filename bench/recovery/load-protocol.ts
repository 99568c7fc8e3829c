/** Messages between the recovery bench and its load-generator child. */

export interface ReleaseSeen {
  count: number;
  /** Epoch ms at which the first and the last request this release answered were sent. */
  firstSentAt: number;
  lastSentAt: number;
}

export interface ModelLoad {
  sent: number;
  /** 5xx answers and requests that got no answer. */
  failed: number;
  releases: Record<string, ReleaseSeen>;
}

export interface LoadSummary {
  models: Record<string, ModelLoad>;
}

export type LoadMessage =
  { type: 'start'; url: string; rate: number; models: string[] } | { type: 'stop' } | { type: 'exit' };

export type LoadReply = { type: 'ready' } | ({ type: 'summary' } & LoadSummary);
