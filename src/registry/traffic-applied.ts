/**
 * A committed traffic policy reaches the gateways that serve it asynchronously (their routing
 * streams). An operator who asks to wait (`PUT /traffic/{model}?wait=true`, `ripcord traffic set
 * --wait`) is told whether every gateway serves the new revision, or which do not yet.
 */

/** Resolves once every gateway serves `model` at `revision` or later; rejects naming the laggards. */
export type TrafficApplied = (model: string, revision: number, signal?: AbortSignal) => Promise<void>;

/** What the wait found: confirmed, or the message naming the gateways that do not serve it yet. */
export interface TrafficApplication {
  confirmed: boolean;
  message: string;
}

export async function awaitTrafficApplied(
  applied: TrafficApplied | undefined,
  model: string,
  revision: number,
): Promise<TrafficApplication> {
  if (!applied) return { confirmed: true, message: 'no gateway follows this control plane' };
  try {
    await applied(model, revision);
    return { confirmed: true, message: `every gateway serves revision ${revision}` };
  } catch (error) {
    // The write is committed either way: a gateway that lags is reported, never a failed write.
    return { confirmed: false, message: (error as Error).message };
  }
}
