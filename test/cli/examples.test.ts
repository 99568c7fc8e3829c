import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliManifestKinds } from '../../src/cli/manifest-kinds.js';
import { parseManifestFile } from '../../src/manifests/index.js';

describe('example manifests', () => {
  const dir = 'examples/recommender';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    it(`${file} is valid`, () => {
      const parsed = parseManifestFile(file, readFileSync(join(dir, file), 'utf8'), cliManifestKinds);
      expect(parsed.issues).toEqual([]);
      expect(parsed.documents.length).toBeGreaterThan(0);
    });
  }
});
