/**
 * Odds ratios the blocked latency test mixes over: 1.5, 2.25, 3.4 and 5.1 (each 1.5× the last).
 * A pNN past its limit moves the candidate's share above the pooled pNN by a modest odds ratio:
 * p95 +40 % against a 20 % limit (lognormal, sigma 0.4) takes it from 5 % to about 10 %, odds
 * ≈ 2, and the error rate's default grid (1.25 … 33.6, 8 points) pays ln 8 = 2.1 nats of
 * evidence for ratios only large effects reach, which such effects find within a second or two
 * anyway (×2 latency grows 0.29 nats per candidate request at 5.1 against 0.31 at 8.2). Four
 * points pay ln 4 = 1.4. Simulated (bench/decisions, 50 releases, with the checkpoint offset):
 * night p95 +40 % 859 → 796 s; the 1000 req/s backgrounds within a second.
 */
export const LATENCY_ODDS_GRID: readonly number[] = Object.freeze([1.5, 2.25, 3.375, 5.0625]);
