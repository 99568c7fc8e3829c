import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatIssue, parseManifestFile } from '../../manifests/index.js';
import type { ApplyOutcome } from '../../manifests/index.js';
import type { CliContext } from '../cli-context.js';
import { cliManifestKinds } from '../manifest-kinds.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { ManifestInvalidError } from '../cli-errors.js';

export { ManifestInvalidError };

/** Reads files (or every .yaml/.yml in a directory, in name order). */
export function readManifestFiles(paths: string[]): { file: string; text: string }[] {
  return paths.flatMap((path) => {
    if (path === '-') return [{ file: '<stdin>', text: readFileSync(0, 'utf8') }];
    if (statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => ({ file: join(path, name), text: readFileSync(join(path, name), 'utf8') }));
    }
    return [{ file: path, text: readFileSync(path, 'utf8') }];
  });
}

export function applyCommand(context: CliContext): Command {
  return new Command('apply')
    .description('create or update resources from YAML manifests (apiVersion: ripcord.dev/v1)')
    .requiredOption('-f, --filename <paths...>', 'manifest files or directories ("-" for stdin)')
    .option('--reason <text>', 'why, recorded in the audit trail')
    .addOption(outputOption())
    .action(async (options: { filename: string[]; reason?: string }, command: Command) => {
      const documents: unknown[] = [];
      const issues: string[] = [];
      for (const { file, text } of readManifestFiles(options.filename)) {
        const parsed = parseManifestFile(file, text, cliManifestKinds);
        documents.push(...parsed.documents);
        issues.push(...parsed.issues.map(formatIssue));
      }
      if (issues.length > 0) throw new ManifestInvalidError(`invalid manifest:\n${issues.join('\n')}`);
      if (documents.length === 0) throw new ManifestInvalidError('no manifest documents found');
      const { results } = await context
        .client(command)
        .send<{ results: ApplyOutcome[] }>(
          'POST',
          '/apply',
          { documents },
          options.reason ? { 'x-ripcord-reason': options.reason } : {},
        );
      const format = context.format(command);
      if (isHumanFormat(format)) {
        context.io.stdout(results.map((r) => `${r.kind.toLowerCase()}/${r.name} ${r.result}\n`).join(''));
      } else {
        context.io.stdout(render(results, format, []));
      }
    });
}
