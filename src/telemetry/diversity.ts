/** Prediction-diversity statistics; they live in ripcord/stats and are re-exported here. */
export { coverage, normalizedEntropy, topItemShare } from '../stats/diversity.js';
