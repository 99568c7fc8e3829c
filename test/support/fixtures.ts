/** Small builders for the recommender example (they live beside the registry contract suite that seeds with them). */
export { admin, digestOf, seedRecommender } from '../../src/registry/recommender-fixture.js';
