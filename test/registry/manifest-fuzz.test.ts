/**
 * Random mutations of the example manifests (the recommender's registry and its canary rollout):
 * whatever a user writes, `apply` answers either success or a 4xx whose error names a path, and
 * the CLI's local validation never throws; nothing answers 5xx, nothing crashes.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createApi } from '../../src/api/create-api.js';
import { cliManifestKinds } from '../../src/cli/manifest-kinds.js';
import { ManualClock } from '../../src/core/clock.js';
import { createStoreController } from '../../src/server/store-controller.js';
import type { Controller } from '../../src/controller/create-controller.js';
import { rolloutKind } from '../../src/controller/rollout-kind.js';
import type { ManifestKind } from '../../src/manifests/index.js';
import { parseManifestFile } from '../../src/manifests/index.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Store } from '../../src/store/index.js';
import { createTelemetry } from '../../src/telemetry/index.js';
import { testDatabases } from '../support/databases.js';
import { admin } from '../support/fixtures.js';

const EXAMPLES = new URL('../../examples/recommender/', import.meta.url);
const REGISTRY_YAML = readFileSync(new URL('registry.yaml', EXAMPLES), 'utf8');
const ROLLOUT_YAML = readFileSync(new URL('rollout-canary.yaml', EXAMPLES), 'utf8');
const TRAFFIC = {
  apiVersion: 'ripcord.dev/v1',
  kind: 'TrafficPolicy',
  metadata: { name: 'recsys' },
  spec: { stable: 'recsys-v1-enc4', weights: [], sticky: { source: 'header', key: 'x-user-id' } },
};
const BASE: unknown[] = [
  ...parseAllDocuments(REGISTRY_YAML).map((d) => d.toJS() as unknown),
  TRAFFIC,
  ...parseAllDocuments(ROLLOUT_YAML).map((d) => d.toJS() as unknown),
];
const ITERATIONS = 150;

/** Park–Miller: the same mutations on every run, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

type Json = unknown;
const WEIRD: Json[] = [
  null,
  0,
  -1,
  1e308,
  0.123456789,
  '',
  ' ',
  'x'.repeat(5000),
  'http://',
  'grpc://x',
  '$.',
  '../../etc/passwd',
  '1m',
  'abc@',
  true,
  [],
  {},
  [null],
  { a: { b: { c: [1, 2, { d: 'e' }] } } },
  '\u0000\u202e',
  'recsys-v1-enc4',
];

/** Every path to a value inside `value` (objects and arrays). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function typo(word: string, next: () => number): string {
  if (word.length < 2) return `${word}x`;
  const at = Math.floor(next() * (word.length - 1));
  const op = Math.floor(next() * 3);
  if (op === 0) return word.slice(0, at) + word.slice(at + 1);
  if (op === 1) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return word.slice(0, at) + word[at]!.toUpperCase() + word.slice(at + 1);
}

/** Changes one thing somewhere in the documents: a value, a key's spelling, a deletion, an addition. */
function mutate(documents: Json[], next: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const all = paths(documents).filter((p) => p.length > 0);
  const path = pick(all);
  const parent = path
    .slice(0, -1)
    .reduce<Json>((node, key) => (node as Record<string, Json>)[key], documents);
  const key = path.at(-1)!;
  const container = parent as Record<string | number, Json>;
  switch (Math.floor(next() * 5)) {
    case 0:
      container[key] = pick(WEIRD);
      break;
    case 1:
      if (typeof key === 'string') {
        container[typo(key, next)] = container[key];
        delete container[key];
      }
      break;
    case 2:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete container[key];
      break;
    case 3:
      if (container[key] && typeof container[key] === 'object' && !Array.isArray(container[key]))
        (container[key] as Record<string, Json>)[
          typo(String(pick(['timeoutMs', 'weight', 'release'])), next)
        ] = pick(WEIRD);
      break;
    default:
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
      else container[key] = structuredClone(documents[Math.floor(next() * documents.length)]);
  }
}

/** A path from the request root: documents[3].spec.serving... */
const NAMES_A_PATH = /^documents(\[\d+\])?(\.|\[|$)/;

for (const database of await testDatabases()) {
  describe(`manifest fuzz on ${database.name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    let controller: Controller;
    let token: string;

    beforeAll(async () => {
      store = await database.open();
      const clock = new ManualClock(Date.parse('2026-11-24T02:00:00Z'));
      const registry = createRegistry({ store, clock });
      controller = createStoreController({
        store,
        registry,
        clock,
        telemetry: createTelemetry({ clock, schemas: () => undefined }),
        probe: () => Promise.resolve({ ok: true, message: 'ok' }),
      });
      token = (await registry.createToken('fuzz', 'operator', admin)).token;
      ({ app } = await createApi({
        registry,
        manifestKinds: [rolloutKind() as unknown as ManifestKind<never>],
        manifestServices: { controller },
      }));
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
    });

    it(`answers ${ITERATIONS} mutated applies with success or an error naming a path, never a 5xx`, async () => {
      const seen = new Map<number, number>();
      for (let seed = 1; seed <= ITERATIONS; seed += 1) {
        const next = random(seed * 7919);
        const documents = structuredClone(BASE);
        const mutations = 1 + Math.floor(next() * 3);
        for (let m = 0; m < mutations; m += 1) mutate(documents, next);
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/apply',
          headers: { authorization: `Bearer ${token}` },
          payload: { documents },
        });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const body = res.json<{
          field?: unknown;
          detail?: unknown;
          errors?: { field: string; pointer: string }[];
          failed?: { field: string };
        }>();
        expect(res.statusCode, `seed ${seed}: ${JSON.stringify(body).slice(0, 400)}`).toBeLessThan(500);
        if (res.statusCode === 200) continue;
        expect(typeof body.detail, `seed ${seed}`).toBe('string');
        // A validation error names the field; a document refused while applying (a conflict, a
        // missing model) names the document in `failed`.
        expect(String(body.field ?? body.failed?.field), `seed ${seed}: ${String(body.detail)}`).toMatch(
          NAMES_A_PATH,
        );
        for (const error of body.errors ?? []) {
          expect(error.field, `seed ${seed}`).toMatch(NAMES_A_PATH);
          expect(error.pointer, `seed ${seed}`).toMatch(/^#\/documents\/\d+/);
        }
      }
      process.stdout.write(
        `[manifest fuzz on ${database.name}] statuses ${JSON.stringify(Object.fromEntries(seen))}\n`,
      );
      // The mutations reach both outcomes, or the test proves little.
      expect([...seen.keys()].some((s) => s >= 400)).toBe(true);
    }, 120_000);
  });
}

describe('manifest fuzz through the CLI validator', () => {
  it('never throws on mutated YAML text and locates every issue in the file', () => {
    const text = `${REGISTRY_YAML}\n---\n${ROLLOUT_YAML}`;
    for (let seed = 1; seed <= 300; seed += 1) {
      const next = random(seed * 104729);
      let mutated = text;
      for (let m = 0; m < 1 + Math.floor(next() * 4); m += 1) {
        const at = Math.floor(next() * mutated.length);
        const edit = Math.floor(next() * 4);
        if (edit === 0) mutated = mutated.slice(0, at) + mutated.slice(at + 1 + Math.floor(next() * 8));
        else if (edit === 1)
          mutated = `${mutated.slice(0, at)}${'x:{[]}&*!|>-\n '[Math.floor(next() * 14)]}${mutated.slice(at)}`;
        else if (edit === 2) {
          const lines = mutated.split('\n');
          const line = Math.floor(next() * lines.length);
          lines.splice(line, 0, lines[line] ?? '');
          mutated = lines.join('\n');
        } else mutated = mutated.slice(0, at) + mutated.slice(at).replace(/[a-z]/, (c) => c.toUpperCase());
      }
      const parsed = parseManifestFile('fuzz.yaml', mutated, cliManifestKinds);
      for (const issue of parsed.issues) {
        expect(issue.line, `seed ${seed}`).toBeGreaterThanOrEqual(1);
        expect(issue.column, `seed ${seed}`).toBeGreaterThanOrEqual(1);
        expect(issue.message.length, `seed ${seed}`).toBeGreaterThan(0);
      }
    }
  });
});
