import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseManifestFile, registryKinds, validateManifestOrThrow } from '../../manifests/index.js';
import { startControlPlane } from '../../server/start-control-plane.js';
import type { CliContext } from '../cli-context.js';
import { readManifestFiles } from './apply.js';
import { parsePort } from './up.js';

/** The example registry shipped with the package (examples/recommender). */
export function examplesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'examples', 'recommender');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('examples/recommender not found next to the installed package');
}

export function demoCommand(context: CliContext): Command {
  return new Command('demo')
    .description('start the control plane and load the example recommender registry')
    .option('--data <dir>', 'data directory for the demo', './.ripcord')
    .option('--port <n>', 'API port', parsePort, 7070)
    .option('--exit', 'load the example and exit instead of serving')
    .action(async (options: { data: string; port: number; exit?: boolean }) => {
      const plane = await startControlPlane({ dataDir: resolve(options.data), port: options.port });
      try {
        const actor = { actor: 'demo', reason: 'load example registry' };
        for (const { file, text } of readManifestFiles([join(examplesDir(), 'registry.yaml')])) {
          const parsed = parseManifestFile(file, text, registryKinds);
          for (const document of parsed.documents) {
            const valid = validateManifestOrThrow(document, 0, registryKinds);
            const outcome = await valid.kind.apply({ registry: plane.registry }, valid.input, actor);
            context.io.stdout(`${outcome.kind.toLowerCase()}/${outcome.name} ${outcome.result}\n`);
          }
        }
        await plane.registry.setAlias('recsys', 'production', 'recsys-v1-enc4', actor);
        await plane.registry.setAlias('recsys', 'last-known-good', 'recsys-v1-enc4', actor);
        context.io.stdout(
          [
            '',
            `control plane on ${plane.url}; try:`,
            '  npx ripcord get releases',
            '  npx ripcord diff recsys-v1-enc4 recsys-v2-enc5',
            '  npx ripcord alias history recsys production',
            '  npx ripcord audit',
            '',
          ].join('\n'),
        );
        if (!options.exit) await context.untilSignal();
      } finally {
        await plane.close();
      }
    });
}
