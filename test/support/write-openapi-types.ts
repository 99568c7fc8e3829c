/** Regenerates src/api/generated/openapi-types.ts from the served OpenAPI document. */
import { writeFileSync } from 'node:fs';
import { fullOpenApiDocument, generatedTypes, GENERATED_TYPES } from './openapi-document.js';

const types = await generatedTypes(await fullOpenApiDocument());
writeFileSync(GENERATED_TYPES, types);
process.stdout.write(`wrote ${GENERATED_TYPES.pathname}\n`);
