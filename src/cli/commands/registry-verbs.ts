/** Verbs that act on registry records: describe, alias, diff, audit, token, archive, baseline. */
import { Command } from 'commander';
import { stringify } from 'yaml';
import type { Alias, AliasMove, AuditEntry, Release, ReleaseDiff, TokenInfo } from '../../registry/types.js';
import { UsageError } from '../cli-context.js';
import type { CliContext } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import {
  aliasColumns,
  aliasMoveColumns,
  aliasNaming,
  auditColumns,
  auditNaming,
  tokenColumns,
  tokenNaming,
} from '../resource-views.js';

const enc = encodeURIComponent;

function reasonHeader(reason: string | undefined): Record<string, string> {
  return reason ? { 'x-ripcord-reason': reason } : {};
}

function ifMatch(revision: string | undefined): Record<string, string> {
  return revision ? { 'if-match': `"${revision}"` } : {};
}

export function describeCommand(context: CliContext): Command {
  return new Command('describe')
    .description('show one model or release in detail, with what points at it')
    .argument('<kind>', 'model | release')
    .argument('<name>')
    .addOption(outputOption())
    .action(async (kind: string, name: string, _options: unknown, command: Command) => {
      const client = context.client(command);
      const format = context.format(command);
      let view: Record<string, unknown>;
      if (kind === 'model') {
        view = {
          model: await client.get(`/models/${enc(name)}`),
          versions: await client.get(`/models/${enc(name)}/versions`),
          aliases: await client.get('/aliases', { model: name }),
          rollbackTarget: await client.get(`/models/${enc(name)}/rollback-candidate`),
        };
      } else if (kind === 'release') {
        const release = await client.get<Release>(`/releases/${enc(name)}`);
        const aliases = await client.get<(Alias & { model: string })[]>('/aliases', { model: release.model });
        view = {
          release,
          modelVersion: await client.get(`/models/${enc(release.model)}/versions/${release.modelVersion}`),
          aliases: aliases.filter((a) => a.release === name).map((a) => a.name),
        };
      } else {
        throw new UsageError('describe model NAME | describe release NAME');
      }
      context.io.stdout(
        isHumanFormat(format) ? stringify(view) : render(view, format, [], { kind, name: () => name }),
      );
    });
}

export function aliasCommand(context: CliContext): Command {
  const alias = new Command('alias').description('point aliases at releases and read their history');
  alias
    .command('set')
    .description('point MODEL’s ALIAS at RELEASE (recorded with who, when, why)')
    .argument('<model>')
    .argument('<alias>', 'production, staging, last-known-good or your own')
    .argument('<release>')
    .option('--reason <text>', 'why, recorded in the history and audit trail')
    .option('--revision <n>', 'only if the alias is still at this revision (412 otherwise)')
    .addOption(outputOption())
    .action(
      async (
        model: string,
        name: string,
        release: string,
        options: { reason?: string; revision?: string },
        command: Command,
      ) => {
        const result = await context.client(command).send<Alias & { model: string }>(
          'PUT',
          `/models/${enc(model)}/aliases/${enc(name)}`,
          { release },
          {
            ...reasonHeader(options.reason),
            ...ifMatch(options.revision),
          },
        );
        context.io.stdout(render(result, context.format(command), aliasColumns, aliasNaming));
      },
    );
  alias
    .command('history')
    .description('every move of an alias; --at TIME answers what it pointed at then')
    .argument('<model>')
    .argument('<alias>')
    .option('--at <time>', 'ISO 8601 time, e.g. 2026-11-24T02:17:00Z')
    .addOption(outputOption())
    .action(async (model: string, name: string, options: { at?: string }, command: Command) => {
      const client = context.client(command);
      const path = `/models/${enc(model)}/aliases/${enc(name)}/history`;
      if (options.at) {
        const answer = await client.get<{ at: string; release: string | null }>(path, { at: options.at });
        const format = context.format(command);
        context.io.stdout(
          isHumanFormat(format)
            ? `${model}/${name} at ${answer.at}: ${answer.release ?? '(not set)'}\n`
            : render(answer, format, []),
        );
        return;
      }
      const moves = await client.get<AliasMove[]>(path);
      context.io.stdout(render(moves, context.format(command), aliasMoveColumns));
    });
  return alias;
}

export function diffCommand(context: CliContext): Command {
  return new Command('diff')
    .description('what changed between two releases: model, features, serving config, training data')
    .argument('<from>')
    .argument('<to>')
    .addOption(outputOption())
    .action(async (from: string, to: string, _options: unknown, command: Command) => {
      const diff = await context.client(command).get<ReleaseDiff>(`/releases/${enc(from)}/diff/${enc(to)}`);
      const format = context.format(command);
      if (!isHumanFormat(format)) return context.io.stdout(render(diff, format, []));
      const lines = [`release ${diff.from} → ${diff.to}`];
      lines.push(`model     ${diff.model.changed ? `${diff.model.from} → ${diff.model.to}` : 'unchanged'}`);
      for (const c of diff.model.changes) lines.push(`  ${c.path}: ${show(c.from)} → ${show(c.to)}`);
      const f = diff.features;
      const featureChanges = [
        ...f.changed.map((c) => `  ${c.name}: ${c.from} → ${c.to}`),
        ...f.added.map((a) => `  + ${a.name}@${a.version}`),
        ...f.removed.map((r) => `  - ${r.name}@${r.version}`),
      ];
      lines.push(`features  ${featureChanges.length > 0 ? 'changed' : 'unchanged'}`, ...featureChanges);
      lines.push(`serving   ${diff.serving.changed ? 'changed' : 'unchanged'}`);
      for (const c of diff.serving.changes) lines.push(`  ${c.path}: ${show(c.from)} → ${show(c.to)}`);
      lines.push(`data      ${diff.data?.changed ? 'changed' : 'unchanged'}`);
      for (const c of diff.data?.changes ?? []) lines.push(`  ${c.path}: ${show(c.from)} → ${show(c.to)}`);
      context.io.stdout(`${lines.join('\n')}\n`);
    });
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function auditCommand(context: CliContext): Command {
  return new Command('audit')
    .description('read the append-only audit trail')
    .option('--target <prefix>', 'e.g. release/recsys-v2-enc5 or alias/recsys')
    .option('--actor <name>', 'only entries by this token name')
    .option('--action <prefix>', 'e.g. alias.set')
    .option('--since <time>', 'only entries from this time on (ISO 8601)')
    .option('--until <time>', 'only entries up to this time (ISO 8601)')
    .option('--limit <n>', 'at most this many entries', '200')
    .addOption(outputOption())
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const entries = await context.client(command).get<AuditEntry[]>('/audit', {
        target: options['target'],
        actor: options['actor'],
        action: options['action'],
        since: options['since'],
        until: options['until'],
        limit: options['limit'],
      });
      context.io.stdout(render(entries, context.format(command), auditColumns, auditNaming));
    });
}

export function tokenCommand(context: CliContext): Command {
  const token = new Command('token').description('manage API tokens (admin)');
  token
    .command('create')
    .description('create a token; its secret is printed once')
    .requiredOption('--role <role>', 'viewer | operator | admin')
    .option('--name <name>', 'what the token is for', 'cli')
    .addOption(outputOption())
    .action(async (options: { role: string; name: string }, command: Command) => {
      if (!['viewer', 'operator', 'admin'].includes(options.role)) {
        throw new UsageError(`--role must be viewer, operator or admin (got "${options.role}")`);
      }
      const created = await context
        .client(command)
        .send<{ token: string; info: TokenInfo }>('POST', '/tokens', {
          name: options.name,
          role: options.role,
        });
      const format = context.format(command);
      context.io.stdout(
        isHumanFormat(format)
          ? `token ${created.info.id} (${created.info.role}) created; store it now, it is not shown again:\n${created.token}\n`
          : render(created, format, []),
      );
    });
  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .addOption(outputOption())
    .action(async (_options: unknown, command: Command) => {
      const tokens = await context.client(command).get<TokenInfo[]>('/tokens');
      context.io.stdout(render(tokens, context.format(command), tokenColumns, tokenNaming));
    });
  token
    .command('revoke')
    .description('revoke an API token by id; its open streams end')
    .argument('<id>')
    .action(async (id: string, _options: unknown, command: Command) => {
      await context.client(command).send('DELETE', `/tokens/${enc(id)}`);
      context.io.stdout(`token ${id} revoked\n`);
    });
  return token;
}

export function archiveCommand(context: CliContext): Command {
  const archive = new Command('archive').description(
    'archive a model version or a release (nothing is ever deleted)',
  );
  archive
    .command('version')
    .description('archive a model version (versions are never deleted)')
    .argument('<model>')
    .argument('<version>')
    .option('--reason <text>', 'why; recorded in the audit trail')
    .action(async (model: string, version: string, options: { reason?: string }, command: Command) => {
      await context
        .client(command)
        .send(
          'POST',
          `/models/${enc(model)}/versions/${enc(version)}/archive`,
          {},
          reasonHeader(options.reason),
        );
      context.io.stdout(`version ${model}@${version} archived\n`);
    });
  archive
    .command('release')
    .description('archive a release')
    .argument('<name>')
    .option('--reason <text>', 'why; recorded in the audit trail')
    .action(async (name: string, options: { reason?: string }, command: Command) => {
      await context
        .client(command)
        .send('POST', `/releases/${enc(name)}/archive`, {}, reasonHeader(options.reason));
      context.io.stdout(`release ${name} archived\n`);
    });
  return archive;
}

export function baselineCommand(context: CliContext): Command {
  return new Command('baseline')
    .description('mark a release as a healthy baseline (a rollback target), or --unset')
    .argument('<release>')
    .option('--unset', 'remove the mark')
    .option('--reason <text>', 'why; recorded in the audit trail')
    .action(async (release: string, options: { unset?: boolean; reason?: string }, command: Command) => {
      await context
        .client(command)
        .send(
          'POST',
          `/releases/${enc(release)}/baseline`,
          { healthy: !options.unset },
          reasonHeader(options.reason),
        );
      context.io.stdout(
        `release ${release} ${options.unset ? 'is no longer' : 'marked as'} a healthy baseline\n`,
      );
    });
}

export { aliasColumns };
