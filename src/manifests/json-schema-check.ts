/**
 * Checks manifest documents against the published JSON Schema (schemas/manifest.schema.json) with
 * a standard validator, so `ripcord lint` refuses exactly what an editor or a CI linter using
 * that schema would.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { anyManifestJsonSchema } from './manifest-json-schema.js';
import type { ManifestKind } from './manifest-kind.js';
import type { ManifestIssue } from './validate-manifest.js';

export type SchemaCheck = (document: unknown) => ManifestIssue[];

export function jsonSchemaCheck(kinds: readonly ManifestKind<never>[]): SchemaCheck {
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
  addFormats.default(ajv);
  const validate = ajv.compile(anyManifestJsonSchema(kinds));
  return (document) => {
    if (validate(document)) return [];
    const errors = validate.errors ?? [];
    // A value that fits no branch of a union is one problem, reported where the union is; the
    // branches' own complaints would name fields that only another shape has.
    const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    const inBranch = (e: ErrorObject) =>
      unions.some(
        (u) =>
          e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath.startsWith(u.instancePath),
      );
    const seen = new Set<string>();
    const issues: ManifestIssue[] = [];
    for (const error of errors) {
      // "must match then schema" repeats the error found inside the kind's schema.
      if (error.keyword === 'if' || inBranch(error)) continue;
      const issue = toIssue(error);
      const key = issue.path.join('/');
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
    return issues;
  };
}

function toIssue(error: ErrorObject): ManifestIssue {
  const path: PropertyKey[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    return {
      path: [...path, params['additionalProperty']],
      message: `unknown field "${params['additionalProperty']}" (JSON Schema)`,
      unknownField: true,
    };
  }
  if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
    return { path: [...path, params['missingProperty']], message: 'required (JSON Schema)' };
  }
  if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
    return { path, message: 'matches none of the shapes this field takes (JSON Schema)' };
  }
  const allowed = Array.isArray(params['allowedValues'])
    ? `: ${(params['allowedValues'] as unknown[]).join(', ')}`
    : '';
  return { path, message: `${error.message ?? 'invalid'}${allowed} (JSON Schema)` };
}
