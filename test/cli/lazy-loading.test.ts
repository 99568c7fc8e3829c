/**
 * A verb loads only what it uses: the module graph of `ripcord --version` and `ripcord get` as the
 * installed binary runs them (dist/, traced by a module hook), not a timing that the machine's
 * load would decide. bench/cli measures the time this saves.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'ripcord-imports-'));

/** The module URLs `ripcord ARGS` loads, relative to the package (dist/..., node_modules/...). */
function modulesLoadedBy(name: string, args: string[]): string[] {
  const trace = join(dir, `${name}.txt`);
  try {
    execFileSync(
      process.execPath,
      ['--import', join(root, 'test/support/trace-imports.mjs'), join(root, 'bin/ripcord.js'), ...args],
      { env: { ...process.env, RIPCORD_TRACE_IMPORTS: trace }, stdio: 'pipe', cwd: dir },
    );
  } catch {
    // `get` against a closed port exits 1 after loading what it needs; the graph is what counts.
  }
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file://'))
    .map((url) => url.slice(`file://${root}/`.length));
}

const packages = (modules: string[]): string[] =>
  [
    ...new Set(
      modules
        .filter((m) => m.startsWith('node_modules/'))
        .map((m) =>
          m
            .split('/')
            .slice(1, m.split('/')[1]!.startsWith('@') ? 3 : 2)
            .join('/'),
        ),
    ),
  ].sort();

const HEAVY = [
  'fastify',
  'kysely',
  'pg',
  'better-sqlite3',
  '@kubernetes/client-node',
  'undici',
  'pino',
  'prom-client',
  'zod',
];

describe('what a verb loads', () => {
  it('--version loads commander and the entry point, nothing else', () => {
    const modules = modulesLoadedBy('version', ['--version']);
    expect(packages(modules)).toEqual(['commander']);
    expect(modules.filter((m) => m.startsWith('dist/cli/commands/'))).toEqual([]);
  });

  it('get loads its own verb and the API client: no server, database, Kubernetes or schema code', () => {
    const modules = modulesLoadedBy('get', ['get', 'models', '--server', 'http://127.0.0.1:1']);
    expect(modules).toContain('dist/cli/commands/get.js');
    for (const heavy of HEAVY) expect(packages(modules)).not.toContain(heavy);
    const foreign = modules.filter((m) =>
      /^dist\/(server|store|controller|gateway|api|kubernetes|analysis)\//.test(m),
    );
    // The credentials file reader is the one server module a client needs.
    expect(foreign).toEqual(['dist/server/credentials.js']);
    expect(modules.filter((m) => m.startsWith('dist/cli/commands/'))).toEqual(['dist/cli/commands/get.js']);
  });

  it('--help still loads every verb, so the whole tree is listed', () => {
    const modules = modulesLoadedBy('help', ['--help']);
    expect(modules).toEqual(
      expect.arrayContaining(['dist/cli/commands/up.js', 'dist/cli/commands/rollout.js']),
    );
  });
});
