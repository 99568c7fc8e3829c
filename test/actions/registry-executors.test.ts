/**
 * The executor contract for the executors that act on the registry, on every database: traffic,
 * alias, mark-release and flag. Each run gets its own model in one store per database (a fresh
 * PostgreSQL schema per test costs seconds): a canary of v2 over v1 that v2 has also reached
 * production through, so every executor has something to change.
 */
import { afterAll } from 'vitest';
import { createAliasExecutor } from '../../src/actions/executors/alias/alias-executor.js';
import { runExecutorContract } from '../../src/actions/executors/executor.contract.js';
import type { ActionContext, Executor } from '../../src/actions/executors/executor.js';
import { createFlagExecutor } from '../../src/actions/executors/flag/flag-executor.js';
import { createMarkReleaseExecutor } from '../../src/actions/executors/mark-release/mark-release-executor.js';
import { createTrafficExecutor } from '../../src/actions/executors/traffic/traffic-executor.js';
import { ManualClock } from '../../src/core/clock.js';
import { NotFoundError } from '../../src/core/errors.js';
import { createRegistry } from '../../src/store/registry/create-registry.js';
import type { Registry } from '../../src/registry/registry.js';
import type { Store } from '../../src/store/index.js';
import { testDatabases, type TestDatabase } from '../support/databases.js';
import { admin, digestOf } from '../support/fixtures.js';

const decidedAt = Date.parse('2026-11-24T02:17:00Z');
let runs = 0;

/** A model with v1 (encoder 4) and v2 (encoder 5) releases, v2 in production and at 5 %. */
async function seedCanary(registry: Registry, model: string): Promise<ActionContext> {
  const encoder = `${model}-encoder`;
  await registry.upsertModel({ name: model, owner: 'ranking-team', protocol: 'tfserving' }, admin);
  for (const version of [1, 2]) {
    const feature = String(version + 3);
    await registry.registerFeature(
      { name: encoder, version: feature, kind: 'encoder', digest: digestOf(feature) },
      admin,
    );
    await registry.registerVersion(
      {
        model,
        version,
        artifactUri: `s3://models/${model}/${version}/`,
        digest: digestOf(String(version)),
        framework: 'pytorch',
        compatibleFeatures: [{ name: encoder, version: feature }],
      },
      admin,
    );
    await registry.createRelease(
      {
        name: `${model}-v${version}`,
        model,
        modelVersion: version,
        features: [{ name: encoder, version: feature }],
        serving: { backends: [{ url: `http://127.0.0.1:910${version}` }] },
      },
      admin,
    );
  }
  const [v1, v2] = [`${model}-v1`, `${model}-v2`];
  await registry.setAlias(model, 'production', v2, admin);
  await registry.setTrafficPolicy(
    {
      model,
      stable: v1,
      weights: [{ release: v2, weight: 5 }],
      headerRoutes: [{ header: 'x-canary', value: '1', release: v2 }],
      sticky: { source: 'header', key: 'x-user' },
    },
    admin,
  );
  return {
    eventId: `evt_${model}`,
    model,
    release: v2,
    target: v1,
    trigger: 'hard: prediction diversity down > 50% for 1m',
    reason: 'diversity 0.04 vs baseline 0.73',
    role: 'canary',
    actor: 'controller',
    decidedAt,
  };
}

/** Everything the four executors could touch for one model, and the audit entries since `afterSeq`. */
async function registryState(registry: Registry, context: ActionContext, afterSeq: number) {
  const alias = await registry.getAlias(context.model, 'production').catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  return {
    policy: await registry.getTrafficPolicy(context.model),
    alias: alias?.release,
    marks: (await registry.getRelease(context.release)).marks,
    flag: await registry.getFlag(flagOf(context)),
    audit: (await registry.audit({ afterSeq })).map((entry) => entry.seq),
  };
}

const flagOf = (context: ActionContext): string => `${context.model}-encoder@5`;

function registryExecutor(
  database: TestDatabase,
  build: (registry: Registry, context: ActionContext) => Executor,
) {
  return async () => {
    const { registry } = await shared(database);
    const context = await seedCanary(registry, `m${++runs}`);
    const [last] = await registry.audit({ limit: 10_000 }).then((entries) => entries.slice(-1));
    const afterSeq = last?.seq ?? 0;
    return {
      subject: build(registry, context),
      context,
      state: () => registryState(registry, context, afterSeq),
      close: () => Promise.resolve(),
    };
  };
}

const opened = new Map<string, Promise<{ store: Store; registry: Registry }>>();
function shared(database: TestDatabase): Promise<{ store: Store; registry: Registry }> {
  let found = opened.get(database.name);
  if (!found) {
    found = database.open().then((store) => ({
      store,
      registry: createRegistry({ store, clock: new ManualClock(decidedAt) }),
    }));
    opened.set(database.name, found);
  }
  return found;
}
afterAll(async () => {
  for (const open of opened.values()) {
    const { store, registry } = await open;
    await registry.close();
    await store.close();
  }
});

for (const database of await testDatabases()) {
  const on = ` on ${database.name}`;
  runExecutorContract(
    `traffic executor${on}`,
    registryExecutor(database, (registry) => createTrafficExecutor(registry)),
  );
  runExecutorContract(
    `alias executor${on}`,
    registryExecutor(database, (registry) => createAliasExecutor(registry)),
  );
  runExecutorContract(
    `mark-release executor${on}`,
    registryExecutor(database, (registry) => createMarkReleaseExecutor(registry)),
  );
  runExecutorContract(
    `flag executor${on}`,
    registryExecutor(database, (registry, context) => createFlagExecutor(registry, flagOf(context))),
  );
}
