/**
 * JSON Schemas of manifests, generated from the same zod schemas the API validates with, for
 * editors (yaml-language-server) and CI linters: one per kind, and one for a file of any kinds.
 */
import { z } from 'zod';
import { withStandardFormats } from '../core/standard-formats.js';
import { API_VERSION } from './manifest-kind.js';
import type { ManifestKind } from './manifest-kind.js';

type JsonSchema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** `Rollout` → `rollout.schema.json`, `ModelVersion` → `model-version.schema.json` */
export function manifestSchemaFile(kind: string): string {
  return `${kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.schema.json`;
}

export const ANY_MANIFEST_SCHEMA_FILE = 'manifest.schema.json';

/** The whole document of one kind: apiVersion, kind, metadata and the kind's spec. */
export function manifestJsonSchema(kind: ManifestKind<never>): JsonSchema {
  return { $schema: DRAFT, title: `ripcord ${kind.kind} manifest`, ...documentSchema(kind) };
}

/** A document of any of `kinds`, checked against its kind's schema. */
export function anyManifestJsonSchema(kinds: readonly ManifestKind<never>[]): JsonSchema {
  const defs = Object.fromEntries(kinds.map((kind) => [kind.kind, documentSchema(kind)]));
  return {
    $schema: DRAFT,
    title: 'ripcord manifest (any kind)',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: { kind: { enum: kinds.map((k) => k.kind) } },
    allOf: kinds.map((kind) => ({
      if: { properties: { kind: { const: kind.kind } }, required: ['kind'] },
      then: { $ref: `#/$defs/${kind.kind}` },
    })),
    $defs: defs,
  };
}

function documentSchema(kind: ManifestKind<never>): JsonSchema {
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'spec', ...(kind.nameField ? ['metadata'] : [])],
    additionalProperties: false,
    properties: {
      apiVersion: { const: API_VERSION },
      kind: { const: kind.kind },
      metadata: {
        type: 'object',
        additionalProperties: false,
        ...(kind.nameField ? { required: ['name'] } : {}),
        properties: {
          name: { type: 'string', description: `the ${kind.kind}'s ${kind.nameField ?? 'name'}` },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          annotations: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      spec: specSchema(kind),
    },
  };
}

function specSchema(kind: ManifestKind<never>): JsonSchema {
  const schema = withStandardFormats(
    z.toJSONSchema(kind.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
  );
  delete schema['$schema'];
  const properties = { ...(schema['properties'] as Record<string, JsonSchema> | undefined) };
  if (kind.nameField) {
    delete properties[kind.nameField];
    schema['required'] = ((schema['required'] as string[] | undefined) ?? []).filter(
      (f) => f !== kind.nameField,
    );
  }
  for (const field of kind.featureRefFields ?? []) {
    const list = properties[field];
    if (list?.['items']) {
      properties[field] = {
        ...list,
        items: {
          anyOf: [list['items'], { type: 'string', pattern: '^.+@.+$', description: 'name@version' }],
        },
      };
    }
  }
  return { ...schema, properties };
}
