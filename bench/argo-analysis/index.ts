/**
 * Argo Rollouts analysis as the benchmarks' fixed-threshold baseline (bench/decisions,
 * bench/recovery). The semantics (measurement phases, the condition language, limits, the run
 * phase) live in src/analysis/measurements/, where Prometheus metric templates use them too.
 */
export * from '../../src/analysis/measurements/index.js';
