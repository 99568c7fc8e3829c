export * from './core/clock.js';
export * from './core/errors.js';
export type * from './registry/types.js';
export type { Registry, Actor, AuditQuery, RegistryChange } from './registry/registry.js';
export * from './registry/schemas.js';
export * from './registry/traffic-policy.js';
export type * from './telemetry/types.js';
