export { startModelServer, FEATURES_HEADER } from './start-model-server.js';
export type { ModelServer, ModelServerOptions, ModelServerStats } from './start-model-server.js';
export { Catalogue } from './catalogue.js';
export type { CatalogueOptions, Recommendation } from './catalogue.js';
export { FaultSpecSchema, FaultRequestSchema, FAULT_KINDS } from './faults.js';
export type { FaultKind, FaultSpec, FaultSpecInput, ScheduledFault } from './faults.js';
export { createRandom, hashString } from './random.js';
