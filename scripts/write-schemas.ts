/**
 * Writes schemas/: the JSON Schema of ripcord.yaml and of every manifest kind, generated from
 * the zod schemas, and the configuration table of README.md. Run `npm run schemas` after changing one; test/schemas/ fails until you do.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withKnobTable } from '../src/config/knob-table.js';
import { generatedSchemas } from '../src/schemas/generated-schemas.js';

const folder = fileURLToPath(new URL('../schemas/', import.meta.url));
for (const [file, text] of generatedSchemas()) {
  writeFileSync(join(folder, file), text);
  process.stdout.write(`wrote schemas/${file}\n`);
}

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
writeFileSync(readme, withKnobTable(readFileSync(readme, 'utf8')));
process.stdout.write('wrote the configuration table of README.md\n');
