/**
 * Limiting Kolmogorov distribution: P(K > x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}. For small x the
 * alternating series converges slowly, so the Jacobi-theta form of the CDF is used there:
 * P(K ≤ x) = √(2π)/x Σ_{k≥1} e^{−(2k−1)²π²/(8x²)}.
 */
export function kolmogorovSf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x <= 0) return 1;
  if (x < 1) {
    const f = -(Math.PI * Math.PI) / (8 * x * x);
    let sum = 0;
    for (let k = 1; k < 50; k++) {
      const term = Math.exp(f * (2 * k - 1) * (2 * k - 1));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / x) * sum;
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
