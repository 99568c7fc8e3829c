/**
 * Wilson score bounds for the mean of n observations in [0, 1] (agreement shares, mean Jaccard).
 * A [0, 1] variable with mean p has variance at most p(1 - p), the Bernoulli case, so the Wilson
 * interval built on that variance covers the mean at least as often as it covers a proportion.
 */
export interface AgreementBounds {
  lower: number;
  upper: number;
}

/** z = 2.576: a 99 % two-sided interval, so a gate looking every second rarely acts on noise. */
export const AGREEMENT_Z = 2.576;

export function agreementBounds(mean: number, n: number, z = AGREEMENT_Z): AgreementBounds {
  if (!(n > 0)) return { lower: 0, upper: 1 };
  const p = Math.min(1, Math.max(0, mean));
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  return {
    lower: Math.max(0, (centre - spread) / scale),
    upper: Math.min(1, (centre + spread) / scale),
  };
}
