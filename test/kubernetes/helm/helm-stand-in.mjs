#!/usr/bin/env node
/**
 * A recording stand-in for the helm CLI (no helm binary runs on these machines): appends its
 * exact argument list to $HELM_STAND_IN_LOG and answers `history`, `get values` and `rollback`
 * from the release state in $HELM_STAND_IN_STATE, as helm 3 does (JSON output, a rollback writes
 * a new revision described "Rollback to N", errors on stderr with exit code 1).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';

const args = process.argv.slice(2);
appendFileSync(process.env.HELM_STAND_IN_LOG, `${JSON.stringify(args)}\n`);
const statePath = process.env.HELM_STAND_IN_STATE;
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const flag = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const fail = (message) => {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
};
const positional = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i].startsWith('--')) {
    if (!['--wait'].includes(args[i])) i += 1;
  } else positional.push(args[i]);
}
const [verb, ...rest] = positional;
const namespace = flag('--namespace') ?? 'default';
const releaseOf = (name) => state.releases[`${namespace}/${name}`] ?? fail(`release: not found`);

if (verb === 'history') {
  const release = releaseOf(rest[0]);
  if (flag('--output') !== 'json') fail('this stand-in answers history with --output json only');
  process.stdout.write(
    JSON.stringify(
      release.history.map(({ revision, status, chart, app_version, description }) => ({
        revision,
        updated: '2026-01-01T02:00:00Z',
        status,
        chart,
        app_version,
        description,
      })),
    ),
  );
} else if (verb === 'get' && rest[0] === 'values') {
  const release = releaseOf(rest[1]);
  const revision = Number(flag('--revision'));
  const entry = release.history.find((h) => h.revision === revision) ?? fail(`release: not found`);
  process.stdout.write(JSON.stringify(entry.values));
} else if (verb === 'rollback') {
  const release = releaseOf(rest[0]);
  const to = Number(rest[1]);
  const source = release.history.find((h) => h.revision === to) ?? fail(`release has no ${to} version`);
  const next = Math.max(...release.history.map((h) => h.revision)) + 1;
  const failing = state.failRollback === true;
  for (const h of release.history) if (h.status === 'deployed' && !failing) h.status = 'superseded';
  release.history.push({
    ...source,
    revision: next,
    status: failing ? 'failed' : 'deployed',
    description: failing
      ? `Rollback "${rest[0]}" failed: timed out waiting for the condition`
      : `Rollback to ${to}`,
  });
  writeFileSync(statePath, JSON.stringify({ ...state, failRollback: false }));
  if (failing) fail('timed out waiting for the condition');
  process.stdout.write('Rollback was a success! Happy Helming!\n');
} else fail(`unknown command "${verb}" for "helm"`);
