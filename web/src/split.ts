/** A model's traffic split in shares: the stable release takes what the weighted ones leave. */
export interface Split {
  stable: string;
  weights: { release: string; weight: number }[];
}

export function splitOf(policy: Split): { release: string; percent: number }[] {
  const others = policy.weights.filter((w) => w.weight > 0);
  const rest = Math.max(0, 100 - others.reduce((sum, w) => sum + w.weight, 0));
  return [
    { release: policy.stable, percent: rest },
    ...others.map((w) => ({ release: w.release, percent: w.weight })),
  ];
}
