/**
 * The domain's boundary is enforced by lint (eslint.config.js); these tests prove the rules fire,
 * so a refactor of the config that silently disables them fails here.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'import-x/no-restricted-paths']);

// Only the boundary rules run, on text that is never written to disk: type-aware parsing is off.
const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
});

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('the domain imports no driver, framework or adapter', () => {
  const domainFiles = [
    'src/registry/probe.ts',
    'src/stats/probe.ts',
    'src/analysis/probe.ts',
    'src/controller/probe.ts',
    'src/actions/probe.ts',
    'src/incidents/probe.ts',
  ];

  it.each(domainFiles)('%s may not import a driver', async (file) => {
    for (const driver of ['kysely', 'pg', 'better-sqlite3', 'fastify', 'undici', 'pino', 'node:http']) {
      const found = await violations(file, `import '${driver}';\n`);
      expect(found, driver).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*the domain imports no driver/),
      ]);
    }
  });

  it.each(domainFiles)('%s may not import store/, server/, api/, gateway/ or cli/', async (file) => {
    for (const target of [
      'store/index.js',
      'server/start-control-plane.js',
      'api/create-api.js',
      'gateway/create-gateway.js',
      'cli/main.js',
    ]) {
      const found = await violations(file, `import '../${target}';\n`);
      expect(found, target).toEqual([
        expect.stringMatching(/^import-x\/no-restricted-paths: .*the domain never imports/),
      ]);
    }
  });

  it('an adapter folder under the domain may use its driver', async () => {
    expect(await violations('src/analysis/providers/prometheus/probe.ts', `import 'undici';\n`)).toEqual([]);
    expect(await violations('src/actions/executors/webhook/probe.ts', `import 'node:http';\n`)).toEqual([]);
  });

  it('the domain may import its own contracts and core', async () => {
    expect(
      await violations(
        'src/controller/probe.ts',
        `import '../core/errors.js';\nimport '../registry/types.js';\n`,
      ),
    ).toEqual([]);
  });

  it('adapters and the composition root may import drivers', async () => {
    expect(await violations('src/server/probe.ts', `import 'pino';\nimport '../store/index.js';\n`)).toEqual(
      [],
    );
  });
});

describe('src/ never imports test/ or bench/', () => {
  it.each(['src/gateway/probe.ts', 'src/controller/probe.ts'])('%s', async (file) => {
    // Files that exist: the rule ignores a path it cannot resolve, which would prove nothing.
    const found = await violations(
      file,
      `import '../../test/support/fixtures.js';\nimport '../../bench/decisions/arm-stream.js';\n`,
    );
    expect(found).toHaveLength(2);
    for (const message of found) expect(message).toMatch(/src\/ never imports (test|bench)\//);
  });
});
