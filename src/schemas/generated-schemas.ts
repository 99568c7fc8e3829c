/** Every file of schemas/ by name, with its text: what scripts/write-schemas.ts writes and the test compares. */
import { cliManifestKinds } from '../cli/manifest-kinds.js';
import { configJsonSchema } from '../config/config-json-schema.js';
import { anyManifestJsonSchema, ANY_MANIFEST_SCHEMA_FILE, manifestJsonSchema, manifestSchemaFile } from '../manifests/index.js';

export const CONFIG_SCHEMA_FILE = 'ripcord-config.schema.json';

export function generatedSchemas(): Map<string, string> {
  const files = new Map<string, unknown>([[CONFIG_SCHEMA_FILE, configJsonSchema()]]);
  files.set(ANY_MANIFEST_SCHEMA_FILE, anyManifestJsonSchema(cliManifestKinds));
  for (const kind of cliManifestKinds) files.set(manifestSchemaFile(kind.kind), manifestJsonSchema(kind));
  return new Map([...files].map(([file, schema]) => [file, `${JSON.stringify(schema, null, 2)}\n`]));
}
