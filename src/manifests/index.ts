export * from './manifest-kind.js';
export { registryKinds } from './registry-kinds.js';
export type { RegistryServices } from './registry-kinds.js';
export { validateManifest, validateManifestOrThrow } from './validate-manifest.js';
export { parseManifestFile, formatIssue } from './parse-manifest-file.js';
export type { LocatedIssue, ParsedManifests } from './parse-manifest-file.js';
export { applyManifests, ApplyFailedError } from './apply-manifests.js';
export type { ApplyIssue, Atomically } from './apply-manifests.js';
export {
  anyManifestJsonSchema,
  ANY_MANIFEST_SCHEMA_FILE,
  manifestJsonSchema,
  manifestSchemaFile,
} from './manifest-json-schema.js';
export { jsonSchemaCheck } from './json-schema-check.js';
export type { SchemaCheck } from './json-schema-check.js';
