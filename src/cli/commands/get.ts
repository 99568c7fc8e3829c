import { Command } from 'commander';
import { UsageError } from '../cli-context.js';
import type { CliContext } from '../cli-context.js';
import { outputOption, render } from '../output.js';
import type { Column, Naming } from '../output.js';
import {
  aliasColumns,
  aliasNaming,
  featureColumns,
  featureNaming,
  flagColumns,
  flagNaming,
  incidentColumns,
  incidentNaming,
  modelColumns,
  modelNaming,
  releaseColumns,
  releaseNaming,
  rolloutColumns,
  rolloutNaming,
  tokenColumns,
  tokenNaming,
  trafficColumns,
  trafficNaming,
  versionColumns,
  versionNaming,
} from '../resource-views.js';

/** Filters of `get`: every resource takes --model; rollouts and incidents also --phase and --since. */
interface ListFilters {
  model?: string | undefined;
  phase?: string | undefined;
  since?: string | undefined;
}

interface ResourceView {
  list: (
    model?: string,
    filters?: ListFilters,
  ) => { path: string; query?: Record<string, string | undefined> };
  one?: (name: string, model?: string) => string;
  columns: Column<never>[];
  naming: Naming<never>;
}

const RESOURCES: Record<string, ResourceView> = {
  models: {
    list: () => ({ path: '/models' }),
    one: (n) => `/models/${enc(n)}`,
    columns: modelColumns as Column<never>[],
    naming: modelNaming as Naming<never>,
  },
  versions: {
    list: (model) => ({ path: '/versions', query: { model } }),
    one: (n, model) => {
      const [name, version] = n.includes('@') ? n.split('@') : [model, n];
      if (!name || !version) throw new UsageError('name a version as MODEL@VERSION or use --model');
      return `/models/${enc(name)}/versions/${enc(version)}`;
    },
    columns: versionColumns as Column<never>[],
    naming: versionNaming as Naming<never>,
  },
  features: {
    list: () => ({ path: '/features' }),
    columns: featureColumns as Column<never>[],
    naming: featureNaming as Naming<never>,
  },
  releases: {
    list: (model) => ({ path: '/releases', query: { model } }),
    one: (n) => `/releases/${enc(n)}`,
    columns: releaseColumns as Column<never>[],
    naming: releaseNaming as Naming<never>,
  },
  aliases: {
    list: (model) => ({ path: '/aliases', query: { model } }),
    columns: aliasColumns as Column<never>[],
    naming: aliasNaming as Naming<never>,
  },
  flags: {
    list: () => ({ path: '/flags' }),
    columns: flagColumns as Column<never>[],
    naming: flagNaming as Naming<never>,
  },
  traffic: {
    list: () => ({ path: '/traffic' }),
    one: (n) => `/traffic/${enc(n)}`,
    columns: trafficColumns as Column<never>[],
    naming: trafficNaming as Naming<never>,
  },
  tokens: {
    list: () => ({ path: '/tokens' }),
    columns: tokenColumns as Column<never>[],
    naming: tokenNaming as Naming<never>,
  },
  // Newest first, as the API sorts them.
  rollouts: {
    list: (model, f) => ({ path: '/rollouts', query: { model, phase: f?.phase, since: f?.since } }),
    one: (n) => `/rollouts/${enc(n)}`,
    columns: rolloutColumns as Column<never>[],
    naming: rolloutNaming as Naming<never>,
  },
  incidents: {
    list: (model, f) => ({ path: '/incidents', query: { model, status: f?.phase, since: f?.since } }),
    one: (n) => `/incidents/${enc(n)}`,
    columns: incidentColumns as Column<never>[],
    naming: incidentNaming as Naming<never>,
  },
};

/** What `get` lists, for its help and for shell completion. */
export const RESOURCE_KINDS = Object.keys(RESOURCES);

const FILTERED = new Set(['rollouts', 'incidents']);

const SINGULAR: Record<string, string> = {
  model: 'models',
  version: 'versions',
  feature: 'features',
  release: 'releases',
  alias: 'aliases',
  flag: 'flags',
  token: 'tokens',
  rollout: 'rollouts',
  incident: 'incidents',
};

export function resolveResource(kind: string): [string, ResourceView] {
  const key = SINGULAR[kind] ?? kind;
  const view = RESOURCES[key];
  if (!view) {
    throw new UsageError(`unknown resource "${kind}"; use one of ${Object.keys(RESOURCES).join(', ')}`);
  }
  return [key, view];
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

export function getCommand(context: CliContext): Command {
  return new Command('get')
    .description(`list resources or show one: ${Object.keys(RESOURCES).join(', ')}`)
    .argument('<resource>', 'resource type')
    .argument('[name]', 'a single resource (versions: MODEL@VERSION)')
    .option('--model <name>', 'only resources of this model')
    .option(
      '--phase <phase>',
      'rollouts: only in this phase (Progressing, Paused, RolledBack, ...); incidents: only in this status',
    )
    .option(
      '--since <when>',
      'rollouts and incidents: only started since then, a duration back (1h, 7d) or a time (ISO 8601)',
    )
    .addOption(outputOption())
    .action(async (kind: string, name: string | undefined, options: ListFilters, command: Command) => {
      const [key, view] = resolveResource(kind);
      if ((options.phase !== undefined || options.since !== undefined) && !FILTERED.has(key))
        throw new UsageError(`--phase and --since filter rollouts and incidents, not ${key}`);
      const client = context.client(command);
      let data: unknown;
      if (name) {
        if (!view.one) throw new UsageError(`get ${key} lists all; filter with --model`);
        data = await client.get(view.one(name, options.model));
      } else {
        const { path, query } = view.list(options.model, options);
        data = await client.get(path, query);
      }
      context.io.stdout(render(data as never, context.format(command), view.columns, view.naming));
    });
}
