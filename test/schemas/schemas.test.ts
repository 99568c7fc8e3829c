/**
 * schemas/ is what the zod schemas generate (run `npm run schemas` after changing one), every
 * example names its schema and validates against it with a standard JSON Schema validator, and
 * a broken manifest is refused naming the field, by that validator and by `ripcord lint`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generatedSchemas } from '../../src/schemas/generated-schemas.js';

const SCHEMAS = 'schemas';
const EXAMPLES = 'examples/recommender';

function validator(file: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, logger: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
}

async function lint(text: string): Promise<{ code: number; stderr: string }> {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'ripcord-lint-')), 'broken.yaml');
  writeFileSync(file, text);
  let stderr = '';
  const code = await main(['node', 'ripcord', 'lint', '-f', file], {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
  });
  return { code, stderr };
}

describe('schemas/', () => {
  it('holds exactly what the zod schemas generate (run `npm run schemas` when this fails)', () => {
    const generated = generatedSchemas();
    expect(readdirSync(SCHEMAS).sort()).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) expect(readFileSync(join(SCHEMAS, file), 'utf8'), file).toBe(text);
  });

  it('are valid JSON Schema 2020-12 with standard formats only (strict mode compiles them)', () => {
    for (const file of readdirSync(SCHEMAS)) expect(() => validator(file), file).not.toThrow();
  });
});

describe('examples/', () => {
  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))) {
    it(`${name} names its schema on the first line and validates against it`, () => {
      const text = readFileSync(join(EXAMPLES, name), 'utf8');
      const first = /^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/(\S+)\n/.exec(text);
      expect(first, 'first line').not.toBeNull();
      const validate = validator(first![1]!);
      const documents = parseAllDocuments(text).map((d) => d.toJS() as unknown);
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    });
  }
});

const ROLLOUT = `apiVersion: ripcord.dev/v1
kind: Rollout
metadata:
  name: recsys-v2
spec:
  model: recsys
  release: recsys-v2-enc5
  canary:
    steps:
      - setWeight: 5
  analysis:
    triggers: ['hard: error rate up > 100%']
`;

describe('a broken manifest', () => {
  it('validates when it is not broken (the checks below fail for the reason they name)', async () => {
    expect(validator('rollout.schema.json')(parseAllDocuments(ROLLOUT)[0]!.toJS())).toBe(true);
    expect((await lint(ROLLOUT)).code).toBe(0);
  });

  it('is refused by the published schema naming the field', () => {
    const validate = validator('manifest.schema.json');
    const broken = parseAllDocuments(ROLLOUT.replace('setWeight: 5', 'setWeight: 5\n        stepz: 1'))[0]!.toJS();
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${JSON.stringify(e.params)}`).join('\n')).toMatch(
      /\/spec\/canary\/steps\/0 .*stepz/,
    );
    const typo = parseAllDocuments(ROLLOUT.replace('release:', 'relase:'))[0]!.toJS();
    expect(validate(typo)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('relase');
  });

  it('is refused by `ripcord lint` naming the field and its line', async () => {
    const run = await lint(ROLLOUT.replace('setWeight: 5', 'setWeight: 500'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.yaml:10:\d+: spec\.canary\.steps\[0\]\.setWeight/);
  });

  it('is refused by `ripcord lint` for a bad metadata field too (the zod checks and the schema agree here)', async () => {
    const run = await lint(ROLLOUT.replace('  name: recsys-v2\n', '  name: recsys-v2\n  labels: { team: 7 }\n'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/metadata\.labels\.team/);
  });
});
